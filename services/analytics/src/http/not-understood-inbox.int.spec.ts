import { issueTestStaffToken, StaffRole } from '@citizen-desk/auth';
import { analyticsEnvSchema, loadConfig } from '@citizen-desk/config';
import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { cleanupNamespace, eventually, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { Analytics, startAnalytics } from '../analytics.app';

/**
 * The editors' not-understood inbox (what is left after filing and dismissing, across a restart and a
 * rebuild) and the officials' drill-down from a topic to its questions, against real PostgreSQL and NATS.
 */
const ns = testNamespace();
const config = () => loadConfig(analyticsEnvSchema, serviceTestEnv(ns));
let analytics: Analytics;
const RANGE = 'from=2026-11-02&to=2026-11-05';

let n = 0;
function ev(type: string, at: string, data: unknown): Envelope {
  n += 1;
  return makeEnvelope({ type, version: 1, streamId: `inbox-${n}`, occurredAt: at, data });
}
const bot = (citizenId: string, at: string, topic: string | null, outcome: string, text?: string) =>
  ev('BotReplied', at, {
    citizenId,
    inReplyTo: 'x',
    topic,
    outcome,
    language: 'cnr-Latn',
    text,
    messageIds: [],
  });
const dismissed = (at: string, question: string, topic: string | null) =>
  ev('NotUnderstoodDismissed', at, { question, topic, by: { id: 'staff-1', email: 'eva@budva.me' }, at });

const token = (...roles: StaffRole[]) =>
  issueTestStaffToken(
    {
      sub: `staff-${roles.join('-')}`,
      email: 'x@budva.local',
      name: 'X',
      roles,
      departments: ['local-revenue'],
    },
    analytics.runtime.messaging,
    3600,
  );
async function get(path: string, bearer: string) {
  const r = await fetch(`${analytics.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  const type = r.headers.get('content-type') ?? '';
  return { status: r.status, type, body: type.startsWith('text/csv') ? await r.text() : await r.json() };
}
async function publishAll(events: Envelope[]) {
  const [{ n: before }] = await analytics.runtime.dataSource.query(
    'SELECT count(*)::int AS n FROM analytics_events',
  );
  for (const e of events) await analytics.runtime.messaging.publish(e);
  await eventually(
    async () => {
      const [{ n: now }] = await analytics.runtime.dataSource.query(
        'SELECT count(*)::int AS n FROM analytics_events',
      );
      return now === before + events.length;
    },
    { message: 'every event projected' },
  );
}

const inboxOf = async (bearer: string) =>
  (await get(`/analytics/not-understood/inbox?${RANGE}`, bearer)).body.rows.map(
    (r: { text: string; count: number }) => [r.text, r.count],
  );

beforeAll(async () => {
  analytics = await startAnalytics(config());
  await publishAll([
    bot('viber:x', '2026-11-02T09:00:00Z', null, 'not-understood', 'Kad je SAJAM?'),
    bot('viber:y', '2026-11-02T09:10:00Z', null, 'not-understood', 'kad je sajam'),
    bot('viber:z', '2026-11-02T09:20:00Z', null, 'not-understood', 'Gdje je opština?'),
    bot('viber:z', '2026-11-02T09:30:00Z', null, 'not-understood', 'uvjerenje o prebivalistu'),
    bot('viber:x', '2026-11-03T08:00:00Z', 'property-tax', 'answered', 'Porez na kuću?'),
    bot('viber:y', '2026-11-03T08:05:00Z', 'property-tax', 'answered', 'porez na kucu'),
    bot('viber:z', '2026-11-03T08:10:00Z', 'property-tax', 'handoff', 'rok za porez'),
    bot('viber:z', '2026-11-03T08:11:00Z', 'gatherings-report', 'flow', 'Opis: buka kod škole'),
  ]);
});
afterAll(async () => {
  await analytics?.stop();
  await cleanupNamespace(ns);
});

describe('the not-understood inbox', () => {
  it('takes dismissed and filed questions off the inbox; the figure of what was not understood stays', async () => {
    const editor = await token('editor');
    expect(await inboxOf(editor)).toEqual([
      ['kad je sajam', 2],
      ['gdje je opstina', 1],
      ['uvjerenje o prebivalistu', 1],
    ]);
    await publishAll([
      dismissed('2026-11-02T10:00:00Z', 'kad je sajam', null),
      dismissed('2026-11-02T10:01:00Z', 'uvjerenje o prebivalistu', 'contacts'),
    ]);
    expect(await inboxOf(editor)).toEqual([['gdje je opstina', 1]]);
    const figure = await get(`/analytics/not-understood?${RANGE}`, await token('official'));
    expect(figure.body.rows).toHaveLength(3);
  });

  it('brings a dismissed question back when a citizen asks it again later', async () => {
    await publishAll([bot('viber:w', '2026-11-03T12:00:00Z', null, 'not-understood', 'Kad je sajam')]);
    expect(await inboxOf(await token('editor'))).toEqual([
      ['gdje je opstina', 1],
      ['kad je sajam', 1],
    ]);
  });

  it('stays as it was after a restart and after a rebuild of the projections', async () => {
    const editor = await token('editor');
    const before = await inboxOf(editor);
    await analytics.stop();
    analytics = await startAnalytics(config());
    expect(await inboxOf(await token('editor'))).toEqual(before);
    await analytics.projector.rebuild({ chunkSize: 3 });
    expect(await inboxOf(await token('editor'))).toEqual(before);
  });

  it('is for editors and officials only; the other figures stay the officials', async () => {
    expect((await get(`/analytics/not-understood/inbox?${RANGE}`, await token('operator'))).status).toBe(403);
    expect((await get(`/analytics/not-understood?${RANGE}`, await token('editor'))).status).toBe(403);
    const csv = await get(`/analytics/not-understood/inbox?${RANGE}&format=csv`, await token('official'));
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('text,count,lastAsked,lastAskedLocal');
  });
});

describe('drill-down from a topic to its questions', () => {
  it('lists the questions taken for a topic, grouped by normalised text, with how each was handled', async () => {
    const { status, body } = await get(
      `/analytics/topics/property-tax/questions?${RANGE}`,
      await token('official'),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ topic: 'property-tax', questions: 3, timeZone: 'Europe/Podgorica' });
    expect(body.rows).toEqual([
      { question: 'porez na kucu', questions: 2, answered: 2, handoff: 0, notUnderstood: 0 },
      { question: 'rok za porez', questions: 1, answered: 0, handoff: 1, notUnderstood: 0 },
    ]);
  });

  it('leaves the texts of a report flow out, lists questions with no topic under (none), and exports CSV', async () => {
    const official = await token('official');
    const report = await get(`/analytics/topics/gatherings-report/questions?${RANGE}`, official);
    expect(report.body.rows).toEqual([]);
    const none = await get(`/analytics/topics/(none)/questions?${RANGE}&limit=1`, official);
    expect(none.body.rows).toEqual([
      { question: 'kad je sajam', questions: 3, answered: 0, handoff: 0, notUnderstood: 3 },
    ]);
    const csv = await get(`/analytics/topics/property-tax/questions?${RANGE}&format=csv`, official);
    expect(csv.body.split('\r\n').slice(0, 2)).toEqual([
      'question,questions,answered,handoff,notUnderstood',
      'porez na kucu,2,2,0,0',
    ]);
    expect((await get(`/analytics/topics/Not%20a%20topic/questions`, official)).status).toBe(400);
    expect((await get(`/analytics/topics/property-tax/questions`, await token('editor'))).status).toBe(403);
  });
});
