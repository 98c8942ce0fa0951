import { randomBytes } from 'node:crypto';
import { createServiceDataSource } from '@citizen-desk/event-store';
import { DataSource } from 'typeorm';
import { MunicipalCalendar } from '../src/calendar/municipal-calendar';
import { analyticsMigrations } from '../src/migrations';
import { Projector } from '../src/projections/projector';
import { parseFigureRange } from '../src/queries/figure-range';
import { FiguresRepository } from '../src/queries/figures.repository';
import { FiguresService } from '../src/queries/figures.service';

/**
 * `npm run bench:analytics`: writes BENCH_EVENTS (default 10,000,000) events straight into
 * analytics_events with one generate_series statement (publishing them through JetStream would measure
 * NATS, not the projections), projects them all with the rebuild path (the same fold as live, in
 * chunks), then times every query the dashboard makes. Works in a schema of its own and drops it.
 *
 * The mix per 100 events: 30 messages received, 40 bot replies (15 topics, 3 languages; 20 % not
 * understood over 400 phrases), 5 subscribes, 3 unsubscribes, 2 conversations opened, 6 handoff session
 * events (queued, assigned, 2 operator messages, ended, rated), 10 receipts for notices (in every fifth
 * hundred, two of them are a report filed and its status change instead: 1 report per 500 events, 8
 * categories), 1 broadcast batch of 20 receivers, and campaign starts; 200,000 citizens; spread over
 * 90 days ending now (BENCH_DAYS).
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 200);
/** Days the events are spread over (ending now): fewer days with fewer events keep the density per day. */
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/citizen_desk';

const GENERATE = `
WITH g AS (
  SELECT i, i % 100 AS k, $2::timestamptz + (i * $3::float8) * interval '1 second' AS at,
         'viber:c' || ((i * 7919) % 200000) AS cid, 's' || (i / 100) AS sid, 'camp' || (i / 50000) AS camp
    FROM generate_series(1, $1::bigint) AS i
), e AS (
  SELECT i, at, cid, CASE
    WHEN k < 30 THEN 'CitizenMessageReceived' WHEN k < 70 OR k >= 97 THEN 'BotReplied'
    WHEN k < 75 THEN 'CitizenSubscribed' WHEN k < 78 THEN 'CitizenUnsubscribed' WHEN k < 80 THEN 'ConversationOpened'
    WHEN k = 80 THEN 'HandoffSessionQueued' WHEN k = 81 THEN 'HandoffSessionAssigned' WHEN k IN (82, 83) THEN 'HandoffMessageFromOperator'
    WHEN k = 84 THEN 'HandoffSessionEnded' WHEN k = 85 THEN 'HandoffSessionRated'
    WHEN k = 95 AND i % 50000 = 95 THEN 'CampaignStarted' WHEN k = 95 THEN 'BroadcastBatchSent'
    WHEN k IN (86, 87) AND (i / 100) % 5 = 0 THEN (CASE k WHEN 86 THEN 'ReportFiled' ELSE 'ReportStatusChanged' END)
    WHEN k < 91 THEN 'MessageDelivered' ELSE 'MessageSeen' END AS type,
    CASE
    WHEN k < 30 THEN jsonb_build_object('citizen', jsonb_build_object('id', cid), 'channelMessageId', 't' || i, 'message', jsonb_build_object('kind', 'text', 'text', 'pitanje ' || (i % 400)), 'sentAt', at)
    WHEN k < 70 OR k >= 97 THEN jsonb_build_object('citizenId', cid, 'inReplyTo', 'x', 'messageIds', '[]'::jsonb,
        'topic', CASE WHEN i % 10 IN (7, 8, 9) THEN NULL ELSE 'topic-' || (i % 15) END,
        'outcome', CASE WHEN i % 10 < 6 THEN 'answered' WHEN i % 10 = 6 THEN 'handoff' WHEN i % 10 IN (7, 8) THEN 'not-understood' ELSE 'menu' END,
        'language', (ARRAY['cnr-Latn', 'cnr-Cyrl', 'en'])[1 + i % 3], 'text', 'Gdje je nešto broj ' || (i % 400))
    WHEN k < 75 THEN jsonb_build_object('citizen', jsonb_build_object('id', cid), 'at', at)
    WHEN k < 78 THEN jsonb_build_object('citizenId', cid, 'at', at)
    WHEN k < 80 THEN jsonb_build_object('citizen', jsonb_build_object('id', cid), 'subscribed', true, 'at', at)
    WHEN k = 80 THEN jsonb_build_object('sessionId', sid, 'citizenId', cid, 'department', 'dept-' || (i / 100 % 6), 'topic', NULL, 'language', 'en', 'requestedAt', at, 'queuedAt', at, 'outsideOfficeHours', false)
    WHEN k = 81 THEN jsonb_build_object('sessionId', sid, 'citizenId', cid, 'department', 'dept-' || (i / 100 % 6), 'operatorId', 'op-' || (i / 100 % 20), 'operatorName', 'Operator ' || (i / 100 % 20), 'assignedBy', 'claim', 'queuedAt', at - interval '45 seconds', 'assignedAt', at)
    WHEN k IN (82, 83) THEN jsonb_build_object('sessionId', sid, 'citizenId', cid, 'department', 'dept-' || (i / 100 % 6), 'operatorId', 'op-' || (i / 100 % 20), 'operatorName', 'Operator ' || (i / 100 % 20), 'messageId', gen_random_uuid(), 'text', 'odgovor', 'sentAt', at)
    WHEN k = 84 THEN jsonb_build_object('sessionId', sid, 'citizenId', cid, 'department', 'dept-' || (i / 100 % 6), 'endedBy', 'operator', 'endedAt', at, 'operatorId', 'op-' || (i / 100 % 20))
    WHEN k = 85 THEN jsonb_build_object('sessionId', sid, 'citizenId', cid, 'department', 'dept-' || (i / 100 % 6), 'operatorId', 'op-' || (i / 100 % 20), 'rating', 1 + i % 5, 'ratedAt', at)
    WHEN k = 95 AND i % 50000 = 95 THEN jsonb_build_object('campaignId', camp, 'department', 'dept-1', 'at', at, 'targeted', 20000)
    WHEN k = 95 THEN jsonb_build_object('batchId', 'b' || i, 'campaignId', camp, 'origin', 'broadcast', 'channelMessageId', 'bc' || (i / 100), 'attempts', 1,
        'sent', (SELECT jsonb_agg('viber:c' || ((i + j * 13) % 200000)) FROM generate_series(1, 19) j), 'failed', jsonb_build_array(jsonb_build_object('citizenId', cid, 'reason', 'not subscribed', 'code', 6)))
    WHEN k IN (86, 87) AND (i / 100) % 5 = 0 THEN jsonb_build_object('reportId', 'r' || (i / 100), 'reference', 'BD-2026-' || lpad((i / 100 % 1000000)::text, 6, '0'),
        'category', 'cat-' || (i / 100 % 8), 'department', 'dept-' || (i / 100 % 6)) || CASE k
      WHEN 86 THEN jsonb_build_object('citizenId', cid, 'language', 'cnr-Latn', 'channel', 'viber', 'submissionId', 'sub' || i, 'filedAt', at)
      ELSE jsonb_build_object('from', 'received', 'status', (ARRAY['in-progress', 'resolved', 'not-our-responsibility', 'duplicate', 'resolved'])[1 + (i / 500) % 5],
        'changedBy', jsonb_build_object('staffId', 'staff-1', 'name', 'Staff'), 'at', at) END
    ELSE jsonb_build_object('citizenId', cid, 'channelMessageId', 'bc' || (i / 100 - 1), 'at', at) END AS data
  FROM g
)
INSERT INTO analytics_events (id, type, occurred_at, citizen_id, envelope)
SELECT id, type, at, cid, jsonb_build_object('id', id, 'type', type, 'version', 1, 'streamId', 'bench', 'occurredAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'correlationId', id, 'causationId', NULL, 'trace', '{}'::jsonb, 'data', data)
  FROM (SELECT gen_random_uuid() AS id, * FROM e) x
 ORDER BY i`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  // BENCH_SCHEMA names a schema an earlier run kept (BENCH_KEEP=1): only the queries are timed again.
  const reused = process.env.BENCH_SCHEMA;
  const schema = reused ?? `bench${randomBytes(3).toString('hex')}_analytics`;
  const dataSource = await createServiceDataSource({
    url: DATABASE_URL,
    schema,
    poolSize: 10,
    migrations: analyticsMigrations,
    createDatabase: true,
    applicationName: 'analytics-bench',
  });
  const calendar = new MunicipalCalendar('Europe/Podgorica');
  try {
    if (!reused) await generateAndProject(dataSource, schema, calendar);
    const [{ n: events }]: Array<{ n: number }> = await dataSource.query(
      'SELECT count(*)::int AS n FROM analytics_events',
    );
    await timeQueries(dataSource, calendar, events);
  } finally {
    if (!process.env.BENCH_KEEP && !reused) await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    else console.log(`kept ${schema}`);
    await dataSource.destroy();
  }
}

async function generateAndProject(dataSource: DataSource, schema: string, calendar: MunicipalCalendar) {
  const days = DAYS;
  const start = new Date(Date.now() - days * 86_400_000);
  console.log(`generating ${EVENTS.toLocaleString('en')} events in ${schema}.analytics_events …`);
  let t = Date.now();
  await dataSource.query(GENERATE, [EVENTS, start, (days * 86_400) / EVENTS]);
  await dataSource.query('ANALYZE analytics_events');
  console.log(`  generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const projector = new Projector(dataSource, calendar);
  t = Date.now();
  const result = await projector.rebuild({
    chunkSize: Number(process.env.BENCH_CHUNK ?? 20_000),
    onProgress: (n) => {
      if (n % 1_000_000 < Number(process.env.BENCH_CHUNK ?? 20_000))
        process.stdout.write(
          `\r  projected ${n.toLocaleString('en')} (${Math.round(n / ((Date.now() - t) / 1000)).toLocaleString('en')} events/s)`,
        );
    },
  });
  console.log(
    `\nprojection: ${result.events.toLocaleString('en')} events in ${result.seconds.toFixed(1)} s = ${Math.round(result.eventsPerSecond).toLocaleString('en')} events/s`,
  );
  for (const table of [
    'counts_hourly',
    'counts_daily',
    'citizens',
    'not_understood',
    'handoff_sessions',
    'handoff_hourly',
    'handoff_daily',
    'handoff_weekly',
    'campaigns',
    'reports',
    'report_status_counts',
  ]) {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    console.log(`  ${table}: ${n.toLocaleString('en')} rows`);
  }
  await dataSource.query('ANALYZE');
}

async function timeQueries(dataSource: DataSource, calendar: MunicipalCalendar, events: number) {
  const figures = new FiguresService(new FiguresRepository(dataSource, calendar.timeZone), calendar);
  const now = new Date();
  const week = parseFigureRange({}, calendar, now);
  const day = parseFigureRange(
    { from: new Date(now.getTime() - 86_400_000).toISOString(), to: now.toISOString(), bucket: 'hour' },
    calendar,
    now,
  );
  const month = parseFigureRange(
    { from: new Date(now.getTime() - 30 * 86_400_000).toISOString(), to: now.toISOString(), bucket: 'day' },
    calendar,
    now,
  );
  const quarter = parseFigureRange(
    {
      from: new Date(now.getTime() - 84 * 86_400_000).toISOString(),
      to: now.toISOString(),
      bucket: 'week',
    },
    calendar,
    now,
  );
  const queries: Array<[string, () => Promise<unknown>]> = [
    ['topics 7 days by day', () => figures.topics(week)],
    ['topics 24 h by hour', () => figures.topics(day)],
    ['topics 12 weeks by week', () => figures.topics(quarter)],
    ['answered share 30 days by day', () => figures.answeredShare(month)],
    ['handoff 7 days (all departments)', () => figures.handoff(week)],
    ['handoff 30 days, one department', () => figures.handoff(month, 'dept-1')],
    ['handoff 24 h by hour', () => figures.handoff(day)],
    ['handoff 12 weeks by week', () => figures.handoff(quarter)],
    ['reports 30 days by day', () => figures.reports(month)],
    ['reports 12 weeks, one department', () => figures.reports(quarter, 'dept-1')],
    ['campaigns 30 days', () => figures.campaigns(month)],
    ['not understood 7 days, top 15', () => figures.notUnderstood(week, 15)],
    ['not understood 30 days, top 50', () => figures.notUnderstood(month, 50)],
    ['subscribers 30 days by day', () => figures.subscribers(month)],
    ['launch report (first hour)', () => figures.launchReport()],
  ];
  console.log(
    `dashboard queries at ${events.toLocaleString('en')} events (${QUERY_RUNS} runs each after 10 warm-up runs):`,
  );
  for (const [name, run] of queries) {
    for (let i = 0; i < 10; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i++) {
      const s = process.hrtime.bigint();
      await run();
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(36)} p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms   p99 ${percentile(times, 99).toFixed(2).padStart(7)} ms`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
