import { issueTestStaffToken, KvSource, StaffRole } from '@citizen-desk/auth';
import { analyticsEnvSchema, loadConfig } from '@citizen-desk/config';
import {
  cleanupNamespace,
  eventually,
  JsonAnswer,
  serviceTestEnv,
  testNamespace,
} from '@citizen-desk/testing';
import { Analytics, startAnalytics } from './analytics.app';
import { PROJECTION_TABLES } from './migrations';
import { knownHistory, knownReports } from './projections/known-history.test-support';

/** The started service's messaging, where the test signing key is published. */
let tokenSource: KvSource;
const tokenFor = (...roles: StaffRole[]) =>
  issueTestStaffToken(
    {
      sub: `staff-${roles.join('-')}`,
      email: 'x@budva.local',
      name: 'X',
      roles,
      departments: ['local-self-government'],
    },
    tokenSource,
    3600,
  );

const ROUTES = [
  'messages',
  'topics',
  'answered-share',
  'not-understood',
  'handoff',
  'campaigns',
  'subscribers',
  'new-citizens',
  'launch-report',
  'reports',
  'reports/status',
];
const RANGE = 'from=2026-03-28&to=2026-03-31';

describe('analytics service (real PostgreSQL and NATS)', () => {
  const ns = testNamespace();
  let analytics: Analytics;
  let official: string;
  const history = knownHistory();
  const projected = history.filter((e) => e.type !== 'SendMessageToCitizen').length;

  const get = async (
    path: string,
    token = official,
    accept = 'application/json',
  ): Promise<JsonAnswer & { type: string }> => {
    const r = await fetch(`${analytics.url}${path}`, {
      headers: { authorization: `Bearer ${token}`, accept },
    });
    return {
      status: r.status,
      type: r.headers.get('content-type') ?? '',
      body: (r.headers.get('content-type') ?? '').startsWith('text/csv') ? await r.text() : await r.json(),
    };
  };
  /** Every projection table, sorted, as text: what "rebuild equals live" compares. */
  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const t of PROJECTION_TABLES)
      out[t] = await analytics.runtime.dataSource.query(`SELECT * FROM ${t} ORDER BY ${t}::text`);
    return JSON.parse(JSON.stringify(out));
  };

  beforeAll(async () => {
    analytics = await startAnalytics(loadConfig(analyticsEnvSchema, serviceTestEnv(ns)));
    tokenSource = analytics.runtime.messaging;
    official = await tokenFor('official');
    for (const e of history) await analytics.runtime.messaging.publish(e);
    await eventually(
      async () => {
        const [{ n }] = await analytics.runtime.dataSource.query(
          'SELECT count(*)::int AS n FROM analytics_events',
        );
        return n === projected;
      },
      { message: 'every event projected' },
    );
  });
  afterAll(async () => {
    await analytics?.stop();
    await cleanupNamespace(ns);
  });

  it('counts questions by topic per local day, across the spring clock change', async () => {
    const { body } = await get(`/analytics/topics?${RANGE}&bucket=day`);
    expect(body.timeZone).toBe('Europe/Podgorica');
    expect(body.rows).toEqual([
      expect.objectContaining({
        start: '2026-03-27T23:00:00.000Z',
        topic: 'property-tax',
        questions: 1,
        answered: 1,
      }),
      expect.objectContaining({
        start: '2026-03-28T23:00:00.000Z',
        topic: '(none)',
        questions: 2,
        notUnderstood: 2,
      }),
      expect.objectContaining({
        start: '2026-03-28T23:00:00.000Z',
        topic: 'parking',
        questions: 2,
        answered: 1,
        handoff: 1,
      }),
      expect.objectContaining({
        start: '2026-03-29T22:00:00.000Z',
        topic: '(none)',
        questions: 2,
        notUnderstood: 2,
      }),
    ]);
    const hourly = await get('/analytics/topics?from=2026-03-29&to=2026-03-30&bucket=hour');
    expect(hourly.body.rows.map((r: { local: string; topic: string }) => `${r.local} ${r.topic}`)).toEqual([
      '2026-03-29 00:00 GMT+1 (none)',
      '2026-03-29 03:00 GMT+2 (none)',
      '2026-03-29 03:00 GMT+2 parking',
      '2026-03-29 10:00 GMT+2 parking',
    ]);
  });

  it('gives the answered share, per week too', async () => {
    const { body } = await get(`/analytics/answered-share?${RANGE}&bucket=week`);
    expect(body.rows).toHaveLength(2); // Monday 23 March and Monday 30 March
    expect(body.total).toEqual({
      questions: 7,
      answered: 2,
      handoff: 1,
      notUnderstood: 4,
      answeredShare: 0.2857,
      handoffShare: 0.1429,
      notUnderstoodShare: 0.5714,
    });
  });

  it('lists what was not understood by normalised text, without the texts of a citizen who asked to be forgotten', async () => {
    const { body } = await get(`/analytics/not-understood?${RANGE}`);
    expect(body.rows).toEqual([{ text: 'gdje je opstina', count: 2 }]);
    const [{ n }] = await analytics.runtime.dataSource.query(
      `SELECT count(*)::int AS n FROM analytics_events WHERE citizen_id = 'viber:a' AND (envelope::text LIKE '%sajam%' OR envelope::text LIKE '%Name of%')`,
    );
    expect(n).toBe(0);
  });

  it('gives waiting, first reply, handling and rating per department and operator', async () => {
    const { body } = await get(`/analytics/handoff?${RANGE}&department=local-self-government`);
    expect(body.rows).toEqual([
      expect.objectContaining({ department: 'local-self-government', operator: null, queued: 1 }),
      expect.objectContaining({
        operator: 'op-1',
        operatorName: 'Ana',
        assigned: 1,
        averageWaitSeconds: 120,
        firstReplies: 1,
        averageFirstReplySeconds: 180,
        handled: 1,
        averageHandlingSeconds: 600,
        ratings: 1,
        averageRating: 4,
      }),
    ]);
    expect((await get(`/analytics/handoff?${RANGE}&department=tourism`)).body.rows).toEqual([]);
  });

  it('gives the campaign funnel', async () => {
    const { body } = await get(`/analytics/campaigns?${RANGE}`);
    expect(body.rows).toEqual([
      {
        campaignId: 'c1',
        title: 'Water cut',
        department: 'communal-services',
        startedAt: '2026-03-29T10:00:00.000Z',
        targeted: 3,
        sent: 2,
        delivered: 2,
        seen: 1,
        failed: 1,
        failedByReason: '6 not subscribed: 1',
        unsubscribedAfter: 1,
      },
    ]);
  });

  it('gives subscribers over time and new citizens per day', async () => {
    const { body } = await get(`/analytics/subscribers?${RANGE}`);
    expect(
      body.rows.map((r: Record<string, unknown>) => [
        r.local,
        r.subscribed,
        r.unsubscribed,
        r.subscribers,
        r.newCitizens,
      ]),
    ).toEqual([
      ['2026-03-28 00:00 GMT+1', 1, 0, 1, 1],
      ['2026-03-29 00:00 GMT+1', 2, 1, 2, 2],
    ]);
    expect(
      (await get(`/analytics/new-citizens?${RANGE}`)).body.rows.map(
        (r: { newCitizens: number }) => r.newCitizens,
      ),
    ).toEqual([1, 2]);
  });

  it('writes the launch report for the first hour', async () => {
    const { body } = await get('/analytics/launch-report');
    expect(body).toMatchObject({
      launchAt: '2026-03-28T22:30:01.000Z',
      questions: 2,
      answered: 1,
      notUnderstood: 1,
      citizens: 2,
      topTopics: [{ topic: 'property-tax', questions: 1 }],
    });
    expect(body.summary).toBe(
      'First hour: 2 questions from 2 citizens, 1 answered by the bot, 0 sent to an operator, 1 not understood. Top topics: property-tax (1).',
    );
  });

  it('exports each figure as CSV, by query or by Accept header', async () => {
    const csv = await get(`/analytics/not-understood?${RANGE}&format=csv`);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.body).toBe('text,count\r\ngdje je opstina,2\r\n');
    const byAccept = await get(`/analytics/campaigns?${RANGE}`, official, 'text/csv');
    expect(byAccept.body.split('\r\n')[0]).toBe(
      'campaignId,title,department,startedAt,targeted,sent,delivered,seen,failed,failedByReason,unsubscribedAfter',
    );
  });

  it('counts reports filed per local day by department and category, and reports in each status now per category', async () => {
    const { body } = await get(`/analytics/reports?${RANGE}`);
    expect(body.rows).toEqual([
      {
        start: '2026-03-27T23:00:00.000Z',
        local: '2026-03-28 00:00 GMT+1',
        department: 'communal-services',
        category: 'street-lighting',
        filed: 1,
      },
      {
        start: '2026-03-28T23:00:00.000Z',
        local: '2026-03-29 00:00 GMT+1',
        department: 'communal-services',
        category: 'illegal-dump',
        filed: 1,
      },
      {
        start: '2026-03-28T23:00:00.000Z',
        local: '2026-03-29 00:00 GMT+1',
        department: 'local-self-government',
        category: 'gatherings',
        filed: 1,
      },
      {
        start: '2026-03-29T22:00:00.000Z',
        local: '2026-03-30 00:00 GMT+2',
        department: 'communal-services',
        category: 'street-lighting',
        filed: 1,
      },
    ]);
    expect(body.filed).toBe(4);
    expect(body.filedByCategory).toEqual([
      { category: 'street-lighting', filed: 2 },
      { category: 'gatherings', filed: 1 },
      { category: 'illegal-dump', filed: 1 },
    ]);
    const none = { received: 0, 'in-progress': 0, resolved: 0, 'not-our-responsibility': 0, duplicate: 0 };
    expect(body.statusNow).toEqual([
      { category: 'illegal-dump', ...none, duplicate: 1, open: 0, total: 1 },
      { category: 'public-order', ...none, received: 1, open: 1, total: 1 },
      { category: 'street-lighting', ...none, received: 1, resolved: 1, open: 1, total: 2 },
    ]);

    const oneDepartment = await get(`/analytics/reports?${RANGE}&bucket=week&department=communal-services`);
    expect(
      oneDepartment.body.rows.map((r: Record<string, unknown>) => [r.local, r.category, r.filed]),
    ).toEqual([
      ['2026-03-23 00:00 GMT+1', 'illegal-dump', 1],
      ['2026-03-23 00:00 GMT+1', 'street-lighting', 1],
      ['2026-03-30 00:00 GMT+2', 'street-lighting', 1],
    ]);
    expect(oneDepartment.body.statusNow.map((r: { category: string }) => r.category)).toEqual([
      'illegal-dump',
      'street-lighting',
    ]);
    // The reassigned report counts now under communal police, though it was filed under local self-government.
    expect((await get('/analytics/reports/status?department=communal-police')).body.rows).toEqual([
      { category: 'public-order', ...none, received: 1, open: 1, total: 1 },
    ]);
    expect((await get(`/analytics/reports?${RANGE}&department=local-self-government`)).body).toMatchObject({
      filed: 1,
      statusNow: [],
    });

    const hourly = await get(
      '/analytics/reports?from=2026-03-29T09:00:00Z&to=2026-03-29T10:00:00Z&bucket=hour',
    );
    expect(
      hourly.body.rows.map((r: { start: string; category: string }) => `${r.start} ${r.category}`),
    ).toEqual(['2026-03-29T09:00:00.000Z illegal-dump', '2026-03-29T09:00:00.000Z gatherings']);
  });

  it('exports reports as CSV, and keeps no report description, place or note in its copy of the events', async () => {
    const csv = await get(`/analytics/reports?${RANGE}&format=csv`);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n').slice(0, 2)).toEqual([
      'start,local,department,category,filed',
      '2026-03-27T23:00:00.000Z,2026-03-28 00:00 GMT+1,communal-services,street-lighting,1',
    ]);
    const status = await get('/analytics/reports/status', official, 'text/csv');
    expect(status.body).toBe(
      'category,received,in-progress,resolved,not-our-responsibility,duplicate,open,total\r\n' +
        'illegal-dump,0,0,0,0,1,0,1\r\npublic-order,1,0,0,0,0,1,1\r\nstreet-lighting,1,0,1,0,0,1,2\r\n',
    );
    const [{ n }] = await analytics.runtime.dataSource.query(
      `SELECT count(*)::int AS n FROM analytics_events WHERE type LIKE 'Report%' AND (envelope::text LIKE '%Opis prijave%' OR envelope::text LIKE '%Mediteranska%' OR envelope::text LIKE '%Napomena%' OR envelope::text LIKE '%Komunalna%')`,
    );
    expect(n).toBe(0);
  });

  it('does not count a redelivered event twice', async () => {
    const before = await snapshot();
    for (const e of [...history.slice(0, 5), ...knownReports()])
      expect(await analytics.projector.projectLive(e)).toBe('duplicate');
    await analytics.runtime.messaging.publish({ ...history[1] }); // JetStream de-duplicates by id as well
    expect(await snapshot()).toEqual(before);
  });

  it('rebuilds every projection to exactly the live result', async () => {
    const live = await snapshot();
    const result = await analytics.projector.rebuild({ chunkSize: 4 });
    expect(result.events).toBe(projected);
    expect(await snapshot()).toEqual(live);
  });

  it('refuses every route without a token (401) and without the official role (403); admin passes', async () => {
    const operator = await tokenFor('operator');
    const admin = await tokenFor('admin');
    for (const route of ROUTES) {
      const none = await fetch(`${analytics.url}/analytics/${route}`);
      expect([route, none.status]).toEqual([route, 401]);
      expect([route, (await get(`/analytics/${route}`, 'not-a-token')).status]).toEqual([route, 401]);
      expect([route, (await get(`/analytics/${route}`, operator)).status]).toEqual([route, 403]);
      expect([route, (await get(`/analytics/${route}`, admin)).status]).toEqual([route, 200]);
    }
  });

  it('answers 400 for a bad range, naming the problem', async () => {
    const r = await get('/analytics/topics?bucket=month');
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/bucket must be one of/);
  });

  it('serves the dashboard page without a token, and documents the API', async () => {
    const page = await fetch(`${analytics.url}/dashboard`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Questions by topic');
    const doc = (await (await fetch(`${analytics.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const route of ROUTES) expect(Object.keys(doc.paths)).toContain(`/analytics/${route}`);
  });
});
