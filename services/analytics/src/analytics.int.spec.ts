import { issueTestStaffToken, KvSource, StaffRole } from '@citizen-desk/auth';
import { analyticsEnvSchema, loadConfig } from '@citizen-desk/config';
import {
  cleanupNamespace,
  eventually,
  JsonAnswer,
  serviceTestEnv,
  testNamespace,
} from '@citizen-desk/testing';
import { makeEnvelope } from '@citizen-desk/contracts';
import { randomUUID } from 'node:crypto';
import { Analytics, startAnalytics } from './analytics.app';
import { MunicipalCalendar } from './calendar/municipal-calendar';
import { CreateHandoffPanel1732500000800, PROJECTION_TABLES } from './migrations';
import { storedDimensionsOf } from './projections/figure-counters';
import { analyticsEventsOf } from './projections/fold.test-support';
import { HandoffFold } from './projections/handoff.fold';
import { knownHistory, knownReports } from './projections/known-history.test-support';

/** The started service's messaging, where the test signing key is published. */
let tokenSource: KvSource;
/** Every department in the known history. */
const KNOWN_DEPARTMENTS = ['local-self-government', 'communal-services', 'communal-police'];
const tokenFor = (...roles: StaffRole[]) => tokenIn(KNOWN_DEPARTMENTS, ...roles);
const tokenIn = (departments: string[], ...roles: StaffRole[]) =>
  issueTestStaffToken(
    {
      sub: `staff-${roles.join('-')}-${departments.join('-')}`,
      email: 'x@budva.local',
      name: 'X',
      roles,
      departments,
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
    const supervisor = await tokenFor('official', 'supervisor');
    const { body } = await get(`/analytics/handoff?${RANGE}&department=local-self-government`, supervisor);
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
    const admin = await tokenFor('admin');
    expect((await get(`/analytics/handoff?${RANGE}&department=tourism`, admin)).body.rows).toEqual([]);
  });

  describe('department scoping', () => {
    it('shows an official only their departments, refuses another one, and an admin everything', async () => {
      const lsg = await tokenIn(['local-self-government'], 'official');
      const communal = await tokenIn(['communal-services'], 'official');
      const admin = await tokenFor('admin');
      const departments = (rows: Array<{ department: string }>) => [
        ...new Set(rows.map((r) => r.department)),
      ];

      const mine = (await get(`/analytics/reports?${RANGE}`, lsg)).body;
      expect(departments(mine.rows)).toEqual(['local-self-government']);
      expect(mine.filed).toBe(1);
      expect(departments((await get(`/analytics/reports?${RANGE}`, admin)).body.rows).sort()).toEqual([
        'communal-services',
        'local-self-government',
      ]);
      expect((await get(`/analytics/campaigns?${RANGE}`, lsg)).body.rows).toEqual([]);
      expect(departments((await get(`/analytics/campaigns?${RANGE}`, communal)).body.rows)).toEqual([
        'communal-services',
      ]);
      for (const route of ['handoff', 'reports', 'campaigns', 'reports/status']) {
        const other = await get(`/analytics/${route}?${RANGE}&department=communal-services`, lsg);
        expect([route, other.status]).toEqual([route, 403]);
        const asAdmin = await get(`/analytics/${route}?${RANGE}&department=communal-services`, admin);
        expect([route, asAdmin.status]).toEqual([route, 200]);
      }
      // Report counts by status: only what is in their departments now.
      const theirStatus = (await get('/analytics/reports/status', communal)).body.rows as Array<{
        total: number;
      }>;
      const allStatus = (await get('/analytics/reports/status', admin)).body.rows as Array<{ total: number }>;
      const total = (rows: Array<{ total: number }>) => rows.reduce((n, r) => n + r.total, 0);
      expect(total(theirStatus)).toBeLessThan(total(allStatus));
    });

    it('names operators only to supervisors of the department and admins; officials get the department as a whole', async () => {
      const official = await tokenIn(['local-self-government'], 'official');
      const rows = (await get(`/analytics/handoff?${RANGE}`, official)).body.rows;
      expect(rows).toEqual([
        expect.objectContaining({
          department: 'local-self-government',
          operator: null,
          operatorName: null,
          queued: 1,
          assigned: 1,
          averageWaitSeconds: 120,
          averageHandlingSeconds: 600,
          averageRating: 4,
        }),
      ]);
      expect(JSON.stringify(rows)).not.toMatch(/op-1|Ana/);
      const supervisor = await tokenIn(['local-self-government'], 'official', 'supervisor');
      expect(JSON.stringify((await get(`/analytics/handoff?${RANGE}`, supervisor)).body.rows)).toMatch(
        /op-1/,
      );
      const csv = await get(`/analytics/handoff?${RANGE}&format=csv`, official);
      expect(csv.body).not.toMatch(/op-1|Ana/);
    });
  });

  it('gives the handoff panel by hour and by week, the same lines in their buckets', async () => {
    const lines = (body: { rows: Array<Record<string, unknown>> }) =>
      body.rows.map((r) => [r.start, r.local, r.operator, r.queued, r.assigned, r.averageRating]);
    // Per-operator lines are for supervisors of the department and admins (officials get the department).
    const admin = await tokenFor('admin');
    const hourly = await get('/analytics/handoff?from=2026-03-29&to=2026-03-30&bucket=hour', admin);
    expect(lines(hourly.body)).toEqual([
      ['2026-03-29T08:00:00.000Z', '2026-03-29 10:00 GMT+2', null, 1, 0, null],
      ['2026-03-29T08:00:00.000Z', '2026-03-29 10:00 GMT+2', 'op-1', 0, 1, 4],
    ]);
    const weekly = await get(
      `/analytics/handoff?${RANGE}&bucket=week&department=local-self-government`,
      admin,
    );
    expect(lines(weekly.body)).toEqual([
      ['2026-03-22T23:00:00.000Z', '2026-03-23 00:00 GMT+1', null, 1, 0, null],
      ['2026-03-22T23:00:00.000Z', '2026-03-23 00:00 GMT+1', 'op-1', 0, 1, 4],
    ]);
    expect(weekly.body.rows[1]).toMatchObject({ operatorName: 'Ana', averageHandlingSeconds: 600 });
  });

  it('carries the handoff counters an earlier version kept over into the panel tables', async () => {
    const ds = analytics.runtime.dataSource;
    const panel = async () => ({
      hourly: await ds.query('SELECT * FROM handoff_hourly ORDER BY handoff_hourly::text'),
      daily: await ds.query('SELECT * FROM handoff_daily ORDER BY handoff_daily::text'),
      weekly: await ds.query('SELECT * FROM handoff_weekly ORDER BY handoff_weekly::text'),
    });
    const live = await panel();
    // The handoff figures as the earlier version stored them in counts_hourly / counts_daily.
    const fold = new HandoffFold(new Map(), new MunicipalCalendar('Europe/Podgorica'));
    for (const e of analyticsEventsOf(history)) fold.apply(e);
    const counters = fold.counters.deltas();
    for (const [table, bucket] of [
      ['counts_hourly', 'hour'],
      ['counts_daily', 'day'],
    ] as const)
      for (const d of counters)
        await ds.query(
          `INSERT INTO ${table} (figure, ${bucket}, k1, k2, k3, n, s) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (figure, ${bucket}, k1, k2, k3) DO UPDATE SET n = ${table}.n + EXCLUDED.n, s = ${table}.s + EXCLUDED.s`,
          [d.figure, d[bucket], ...storedDimensionsOf(d), d.n, d.s],
        );
    await ds.query('TRUNCATE handoff_hourly, handoff_daily, handoff_weekly');
    const runner = ds.createQueryRunner();
    try {
      await new CreateHandoffPanel1732500000800().up(runner);
    } finally {
      await runner.release();
    }
    expect(await panel()).toEqual(live);
    const [{ n }] = await ds.query(
      `SELECT (SELECT count(*) FROM counts_hourly WHERE figure LIKE 'handoff-%') + (SELECT count(*) FROM counts_daily WHERE figure LIKE 'handoff-%') AS n`,
    );
    expect(Number(n)).toBe(0);
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

  it('projects a batch in one transaction, and an event that cannot be projected holds back only itself', async () => {
    const at = '2025-01-06T10:00:00.000Z'; // outside every range the other tests read
    const event = (type: string, data: unknown) =>
      makeEnvelope({ type, version: 1, streamId: `batch-${randomUUID()}`, occurredAt: at, data });
    const received = (text: string) =>
      event('CitizenMessageReceived', {
        citizen: { id: 'viber:batch' },
        channelMessageId: `tok-${randomUUID()}`,
        message: { kind: 'text', text },
        sentAt: at,
      });
    const first = received('jedan');
    const batch = [
      first,
      { ...first }, // delivered twice in one batch
      received('dva'),
      event('HandoffSessionAssigned', { sessionId: 'batch-s', department: 'tourism' }), // no times: cannot fold
      history[0], // projected before
      event('SendMessageToCitizen', history.find((e) => e.type === 'SendMessageToCitizen')!.data),
      { ...received('tri'), id: randomUUID().toUpperCase() }, // PostgreSQL answers uuids in lower case
    ];
    const outcomes = await analytics.projector.projectLiveBatch(batch);
    expect(outcomes.map((o) => (o.ok ? o.outcome : 'failed'))).toEqual([
      'projected',
      'duplicate',
      'projected',
      'failed',
      'duplicate',
      'ignored',
      'projected',
    ]);
    const copies: Array<{ text: string }> = await analytics.runtime.dataSource.query(
      `SELECT envelope->'data'->'message'->>'text' AS text FROM analytics_events WHERE citizen_id = 'viber:batch' ORDER BY position`,
    );
    expect(copies.map((c) => c.text)).toEqual(['jedan', 'dva', 'tri']);
    const messages = await get('/analytics/messages?from=2025-01-06&to=2025-01-07&bucket=day');
    expect(messages.body.total).toBe(3);
    // Projected together: the same three, in one batch, once.
    expect(
      (await analytics.projector.projectLiveBatch(batch.filter((_, i) => i !== 3))).map(
        (o) => o.ok && o.outcome,
      ),
    ).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'ignored', 'duplicate']);
  });

  it('rebuilds every projection to exactly the live result', async () => {
    const live = await snapshot();
    const result = await analytics.projector.rebuild({ chunkSize: 4 });
    expect(result.events).toBe(projected + 3); // and the batch of three above
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

  it('sends the old dashboard page to the staff app, and documents the API', async () => {
    const page = await fetch(`${analytics.url}/dashboard`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('http://127.0.0.1:3005/dashboard');
    for (const gone of ['/dashboard/dashboard.js', '/dashboard/login'])
      expect([
        gone,
        (await fetch(`${analytics.url}${gone}`, { method: gone.endsWith('login') ? 'POST' : 'GET' })).status,
      ]).toEqual([gone, 404]);
    const doc = (await (await fetch(`${analytics.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const route of ROUTES) expect(Object.keys(doc.paths)).toContain(`/analytics/${route}`);
  });

  it('sends a CSP without inline script and forbidding framing, for /docs', async () => {
    for (const path of ['/docs']) {
      const r = await fetch(`${analytics.url}${path}`);
      expect([path, r.status]).toEqual([path, 200]);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe-inline/);
      const html = await r.text();
      // Every script the page runs comes from a file the CSP allows.
      expect(html).not.toMatch(/<script>/);
      for (const [, src] of html.matchAll(/<script src=["']([^"']+)["']/g)) {
        const script = await fetch(new URL(src!, `${analytics.url}${path}`));
        expect([src, script.status]).toEqual([src, 200]);
        await script.arrayBuffer();
      }
    }
  });
});
