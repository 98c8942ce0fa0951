import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { createServiceDataSource } from '@citizen-desk/event-store';
import { retentionCutoff } from '@citizen-desk/service-kit';
import { cleanupNamespace, testDatabaseUrl, testNamespace } from '@citizen-desk/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MunicipalCalendar } from '../calendar/municipal-calendar';
import { analyticsMigrations } from '../migrations';
import { Projector } from '../projections/projector';
import { analyticsCitizensRule, questionTextsRule } from './analytics-retention';

/**
 * Analytics' retention against real PostgreSQL: what citizens wrote goes after its days, from the
 * projections and from the event copy alike, and so does the row of a citizen long gone; a rebuild
 * afterwards comes out as the live projection is.
 */
const ns = testNamespace();
const TZ = 'Europe/Podgorica';
const now = new Date('2026-11-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
let db: DataSource;
let projector: Projector;

beforeAll(async () => {
  db = await createServiceDataSource({
    url: testDatabaseUrl(),
    schema: `${ns}_analytics`,
    poolSize: 2,
    migrations: analyticsMigrations,
    createDatabase: false,
  });
  projector = new Projector(db, new MunicipalCalendar(TZ), undefined, 365);
});

afterAll(async () => {
  await db.destroy();
  await cleanupNamespace(ns);
});

beforeEach(async () => {
  await db.query('TRUNCATE analytics_events, processed_messages');
  await projector.rebuild();
});

const ev = (type: string, at: string, data: unknown): Envelope =>
  makeEnvelope({ type, version: 1, streamId: `retention-${randomUUID()}`, occurredAt: at, data });
const notUnderstood = (citizenId: string, at: string, text: string) =>
  ev('BotReplied', at, {
    citizenId,
    inReplyTo: 'x',
    topic: null,
    outcome: 'not-understood',
    language: 'cnr-Latn',
    text,
    messageIds: [],
  });
const message = (citizenId: string, at: string, text: string) =>
  ev('CitizenMessageReceived', at, {
    citizen: { id: citizenId, name: 'Jovana Petrović' },
    channelMessageId: `tok-${randomUUID()}`,
    message: { kind: 'text', text },
    sentAt: at,
  });
const unsubscribed = (citizenId: string, at: string) => ev('CitizenUnsubscribed', at, { citizenId, at });

async function project(events: Envelope[]): Promise<void> {
  for (const e of events) await projector.projectLive(e);
}

/** Every projection table, in a stable order, to compare the live projection with a rebuild. */
async function projections(): Promise<unknown> {
  return {
    notUnderstood: await db.query('SELECT citizen_id, hour, normalised FROM not_understood ORDER BY 1, 2, 3'),
    hourly: await db.query('SELECT figure, hour, k1, k2, k3, n FROM counts_hourly ORDER BY 1, 2, 3, 4, 5'),
    daily: await db.query('SELECT figure, day, k1, k2, k3, n FROM counts_daily ORDER BY 1, 2, 3, 4, 5'),
    citizens: await db.query('SELECT * FROM citizens ORDER BY citizen_id'),
    dismissals: await db.query('SELECT normalised FROM not_understood_dismissals ORDER BY 1'),
  };
}

describe('analytics retention (real PostgreSQL)', () => {
  it('drops what citizens wrote past its days, keeps the counts of questions, and a rebuild agrees', async () => {
    await project([
      message('viber:old', daysAgo(100), 'Gdje plaćam porez na Njegoševoj 12?'),
      notUnderstood('viber:old', daysAgo(100), 'Gdje plaćam porez na Njegoševoj 12?'),
      ev('NotUnderstoodDismissed', daysAgo(95), {
        question: 'Gdje plaćam porez na Njegoševoj 12?',
        topic: null,
        by: { id: 'staff-1', email: 'eva@budva.me' },
        at: daysAgo(95),
      }),
      message('viber:new', daysAgo(10), 'Kad je sajam?'),
      notUnderstood('viber:new', daysAgo(10), 'Kad je sajam?'),
    ]);
    // A copy sealed under a citizen's key (the live path): the blob goes with the placeholders.
    const sealed = {
      ...ev('BotReplied', daysAgo(200), {
        citizenId: 'viber:sealed',
        inReplyTo: 'x',
        topic: 'property-tax',
        outcome: 'answered',
        language: 'cnr-Latn',
        text: '[erased]',
        messageIds: [],
      }),
      sealed: { v: 1, kid: randomUUID(), iv: 'aXY=', ct: 'Y3Q=' },
    };
    await db.query(
      `INSERT INTO analytics_events (id, type, occurred_at, citizen_id, envelope) VALUES ($1, 'BotReplied', $2, 'viber:sealed', $3)`,
      [sealed.id, sealed.occurredAt, JSON.stringify(sealed)],
    );
    await projector.rebuild();

    const rule = questionTextsRule(90, TZ);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(5);

    const everything = JSON.stringify(
      await db.query(`SELECT envelope FROM analytics_events WHERE occurred_at < $1`, [daysAgo(90)]),
    );
    expect(everything).not.toMatch(/Njegoševoj|Jovana|"sealed":|\[erased\]/);
    const kept = JSON.stringify(await projections());
    expect(kept).not.toMatch(/njegosevoj/i);
    expect(kept).toContain('kad je sajam');
    // The question asked long ago is still counted, without its text.
    const [old] = await db.query(
      `SELECT sum(n)::int AS n FROM counts_daily WHERE figure = 'questions' AND k3 = 'not-understood' AND day < $1::date`,
      [daysAgo(90)],
    );
    expect(old.n).toBe(1);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(0);

    const live = await projections();
    await projector.rebuild();
    expect(await projections()).toEqual(live);
  });

  it('drops the row of a citizen gone for its days; back later, they are new again, live and rebuilt', async () => {
    await project([
      message('viber:gone', daysAgo(500), 'Dobar dan'),
      unsubscribed('viber:gone', daysAgo(400)),
      message('viber:stays', daysAgo(500), 'Dobar dan'),
      message('viber:recent', daysAgo(100), 'Dobar dan'),
      unsubscribed('viber:recent', daysAgo(30)),
    ]);
    const rule = analyticsCitizensRule(365);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(1);
    const ids = async () =>
      (await db.query('SELECT citizen_id FROM citizens ORDER BY 1')).map(
        (r: { citizen_id: string }) => r.citizen_id,
      );
    expect(await ids()).toEqual(['viber:recent', 'viber:stays']);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(0);

    await project([message('viber:gone', daysAgo(1), 'Opet ja')]);
    const [{ n }] = await db.query(`SELECT sum(n)::int AS n FROM counts_daily WHERE figure = 'new-citizens'`);
    expect(n).toBe(4);
    const live = await projections();
    await projector.rebuild();
    expect(await projections()).toEqual(live);
  });
});
