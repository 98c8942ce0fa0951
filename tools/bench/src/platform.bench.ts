import { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { Pool } from 'undici';
import {
  cleanupNamespace,
  serviceTestEnv,
  startServiceProcess,
  stopServiceProcess,
  testNamespace,
  testNatsUrl,
  waitUntilIdle,
} from '@citizen-desk/testing';
import { signViberBody, stringifyViberJson } from '@citizen-desk/viber';
import {
  FakeDelivery,
  FakeViberApi,
  messageCallback,
  ReceiptSender,
  subscriptionCallback,
} from '@citizen-desk/viber-simulator';
import { summarize } from './latency-stats';
import { parsePlatformOptions, PlatformBenchOptions, USAGE } from './platform-options';
import { questionAt } from './platform-questions';
import { cpuByLabel, CpuSnapshot, localPortsTo, pidsByName, snapshot, Tracked } from './process-cpu';
import { staffTokensFor } from './staff-tokens';

/**
 * bench:platform — the whole platform as `npm start` runs it (five services, each its own process from
 * dist, the real PostgreSQL and NATS on loopback) in a namespace of its own, against the fake Viber API:
 *  1. questions: new citizens' questions at a fixed rate, open loop; CPU per question over every
 *     process including PostgreSQL and NATS, webhook ack and reply latencies;
 *  2. receipts: a campaign to N subscribers, approved and sent; the fake API then acknowledges each
 *     message with `delivered` and `seen` callbacks; their ack latency, and how long after the last one
 *     the campaign's funnel is complete.
 */
const TOKEN = 'bench-platform-token';
const DEPARTMENT = 'local-self-government';
const SERVICES = ['gateway', 'dialog', 'handoff', 'broadcast', 'analytics'] as const;
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/citizen_desk_bench';

interface Running {
  name: string;
  child: ChildProcess;
}

const running: Running[] = [];
let stopping = false;
let crashed: string | undefined;

const IDLE_BASELINE_MS = 2000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 1 : 0) : '–');

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function startPlatform(o: PlatformBenchOptions, env: Record<string, string | undefined>) {
  const start = async (name: string, i: number) => {
    const child = await startServiceProcess(name, {
      port: o.portBase + i,
      env,
      showOutput: o.verbose,
      timeoutMs: 120_000,
      nodeArgs: o.cpuProfileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
        : [],
    });
    running.push({ name, child });
    child.once('exit', (code, signal) => {
      if (!stopping) crashed = `${name} exited (${signal ?? code}) during the run`;
    });
  };
  // The gateway first: it creates the database when it is missing; then the others together.
  await start('gateway', 0);
  await Promise.all(SERVICES.slice(1).map((name, i) => start(name, i + 1)));
}

async function stopPlatform(): Promise<void> {
  stopping = true;
  await Promise.all(running.map((r) => stopServiceProcess(r.child)));
}

function checkAlive(): void {
  if (crashed) throw new Error(crashed);
}

/** Every process whose CPU counts: the five services, nats-server, and PostgreSQL's processes serving us. */
async function trackedProcesses(monitor: Client): Promise<{ counted: Tracked[]; others: Tracked[] }> {
  const counted: Tracked[] = running.map((r) => ({ label: r.name, pid: r.child.pid! }));
  for (const p of pidsByName(['nats-server'])) counted.push({ label: 'nats-server (shared)', pid: p.pid });
  const pgPort = Number(new URL(DATABASE_URL).port || 5432);
  const ours = new Set(running.flatMap((r) => localPortsTo(r.child.pid!, pgPort)));
  const { rows } = await monitor.query<{ pid: number; backend_type: string; client_port: number | null }>(
    'SELECT pid, backend_type, client_port FROM pg_stat_activity',
  );
  const activity = new Map(rows.map((r) => [r.pid, r]));
  const others: Tracked[] = [];
  for (const p of pidsByName(['postgres'])) {
    const a = activity.get(p.pid);
    if (!a || a.backend_type !== 'client backend')
      counted.push({ label: 'postgres (background)', pid: p.pid });
    else if (a.client_port !== null && ours.has(a.client_port))
      counted.push({ label: 'postgres (our backends)', pid: p.pid });
    else others.push({ label: 'postgres (other clients)', pid: p.pid });
  }
  return { counted, others };
}

/** CPU over a phase: call `begin` before, `end` after; `end` answers CPU ms per label. */
function cpuMeter(monitor: Client) {
  let before: { counted: Tracked[]; others: Tracked[]; at: CpuSnapshot; othersAt: CpuSnapshot };
  return {
    async begin() {
      const t = await trackedProcesses(monitor);
      before = { ...t, at: snapshot(t.counted), othersAt: snapshot(t.others) };
    },
    async end() {
      const t = await trackedProcesses(monitor);
      const counted = [...t.counted, ...before.counted];
      const byLabel = cpuByLabel(counted, before.at, snapshot(counted));
      const others = [...t.others, ...before.others];
      const excluded = [...cpuByLabel(others, before.othersAt, snapshot(others)).values()].reduce(
        (a, b) => a + b,
        0,
      );
      return { byLabel, excluded };
    },
  };
}

const sumOf = (byLabel: Map<string, number>) => [...byLabel.values()].reduce((a, b) => a + b, 0);

function printCpu(title: string, cpu: { byLabel: Map<string, number>; excluded: number }, per: number): void {
  const total = sumOf(cpu.byLabel);
  log(`  ${title}: ${(total / per).toFixed(2)} ms   (${fmt(total)} ms CPU in all)`);
  const order = [...SERVICES, 'postgres (our backends)', 'postgres (background)', 'nats-server (shared)'];
  for (const label of order) {
    const ms = cpu.byLabel.get(label) ?? 0;
    log(`    ${label.padEnd(24)} ${(ms / per).toFixed(2).padStart(8)} ms   ${fmt(ms).padStart(7)} ms`);
  }
  if (cpu.excluded > 0)
    log(`    (not counted: other clients' PostgreSQL backends on this server, ${fmt(cpu.excluded)} ms)`);
}

let messageToken = 7_100_000_000_000_000_000n + BigInt(Date.now() % 1_000_000) * 1_000_000n;
function nextToken(): string {
  messageToken += 1n;
  return messageToken.toString();
}

function webhookPoster(pool: Pool) {
  return async (payload: Record<string, unknown>): Promise<number> => {
    const body = stringifyViberJson(payload);
    const res = await pool.request({
      path: '/viber/webhook',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-viber-content-signature': signViberBody(body, TOKEN),
      },
      body,
    });
    await res.body.dump();
    return res.statusCode;
  };
}

async function waitFor(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    checkAlive();
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

async function questionsPhase(
  o: PlatformBenchOptions,
  ns: string,
  fake: FakeViberApi,
  pool: Pool,
  monitor: Client,
) {
  const post = webhookPoster(pool);
  const sentAt = new Map<string, number>();
  const replies: number[] = [];
  const onMessage = (d: FakeDelivery) => {
    if (d.via !== 'send_message') return;
    const t = sentAt.get(d.receiver);
    if (t === undefined) return;
    replies.push(performance.now() - t);
    sentAt.delete(d.receiver);
  };
  fake.on('message', onMessage);
  const ask = (viberId: string, i: number) => {
    const payload = messageCallback(
      { viberId, name: 'Građanin' },
      { type: 'text', text: questionAt(i) },
      nextToken(),
      Date.now(),
    );
    sentAt.set(viberId, performance.now());
    return post(payload);
  };
  try {
    if (o.warmup > 0) {
      await Promise.all(Array.from({ length: o.warmup }, (_, i) => ask(`${ns}-warm-${i}`, i)));
      await waitFor('warm-up replies', () => sentAt.size === 0, 60_000);
      await waitUntilIdle(ns, { timeoutMs: 30_000 }).catch(() => undefined);
      sentAt.clear();
      replies.length = 0;
    }
    const total = Math.round(o.rate * o.seconds);
    const acks: number[] = [];
    let non200 = 0;
    const meter = cpuMeter(monitor);
    // What the platform spends doing nothing (timers, polls), so that it can be told apart below.
    await meter.begin();
    await sleep(IDLE_BASELINE_MS);
    const idleCpu = await meter.end();
    await meter.begin();
    const started = performance.now();
    const inflight: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / o.rate - performance.now();
      if (wait > 1) await sleep(wait);
      checkAlive();
      const t = performance.now();
      inflight.push(
        ask(`${ns}-q-${i}`, i).then(
          (status) => {
            acks.push(performance.now() - t);
            if (status !== 200) non200++;
          },
          () => void non200++,
        ),
      );
    }
    const offeredSeconds = (performance.now() - started) / 1000;
    await Promise.all(inflight);
    await waitFor('replies', () => replies.length + non200 >= total, o.replyWaitSeconds * 1000);
    // What the questions set off elsewhere (analytics, subscribers, outboxes) counts too.
    const idle = await waitUntilIdle(ns, { timeoutMs: 30_000 }).then(
      () => true,
      () => false,
    );
    const cpu = await meter.end();
    const windowSeconds = (performance.now() - started) / 1000;
    const ack = summarize(acks);
    const reply = summarize(replies);
    log(
      `questions: ${total} new citizens' questions at ${o.rate}/s for ${o.seconds} s (offered in ${offeredSeconds.toFixed(1)} s), open loop:`,
    );
    log(`  webhook ack        p50 ${fmt(ack.p50)} ms   p99 ${fmt(ack.p99)} ms   max ${fmt(ack.max)} ms`);
    log(
      `  reply (callback → send_message)   p50 ${fmt(reply.p50)} ms   p99 ${fmt(reply.p99)} ms   max ${fmt(reply.max)} ms`,
    );
    log(
      `  answered ${replies.length}/${total} (${((replies.length / total) * 100).toFixed(1)} %) within ${o.replyWaitSeconds} s after the phase; callbacks not answered 200: ${non200}`,
    );
    printCpu(
      `CPU per question over ${windowSeconds.toFixed(1)} s (to ${idle ? 'idle' : 'not idle after 30 s'}), every process`,
      cpu,
      total,
    );
    const idlePerSecond = (sumOf(idleCpu.byLabel) * 1000) / IDLE_BASELINE_MS;
    log(
      `    (included above: the idle platform's own ${fmt(idlePerSecond)} ms CPU/s, measured for ${IDLE_BASELINE_MS / 1000} s before, ≈ ${((idlePerSecond * windowSeconds) / total).toFixed(2)} ms per question)`,
    );
    return { ok: replies.length === total && non200 === 0 && idle };
  } finally {
    fake.off('message', onMessage);
  }
}

interface CampaignView {
  id: string;
  status: string;
  stats?: {
    targeted: number;
    planned: number;
    sent: number;
    delivered: number;
    seen: number;
    failed: { total: number };
  };
}

async function api<T>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function receiptsPhase(
  o: PlatformBenchOptions,
  ns: string,
  fake: FakeViberApi,
  pool: Pool,
  monitor: Client,
) {
  const post = webhookPoster(pool);
  const broadcastUrl = `http://127.0.0.1:${o.portBase + 3}`;
  const [author, approver] = await staffTokensFor(testNatsUrl(), ns, DEPARTMENT, [
    ['bench-editor', 'editor'],
    ['bench-supervisor', 'supervisor'],
  ]);

  // Subscribers as Viber makes them: a `subscribed` callback each.
  const subscribeStarted = performance.now();
  let next = 0;
  let subscribeFailures = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < o.recipients) {
        const i = next++;
        const citizen = {
          viberId: `${ns}-s-${i}`,
          name: 'Pretplatnik',
          language: i % 10 === 1 ? 'en' : 'sr',
        };
        const status = await post(subscriptionCallback(citizen, 'subscribed', nextToken(), Date.now())).catch(
          () => 0,
        );
        if (status !== 200) subscribeFailures++;
      }
    }),
  );
  if (subscribeFailures > 0) throw new Error(`${subscribeFailures} subscribed callbacks not answered 200`);
  const audienceReady = await waitFor(
    'subscribers',
    async () =>
      (await api<{ total: number }>(broadcastUrl, author, 'GET', '/broadcast/audience')).total >=
      o.recipients,
    120_000,
    250,
  );
  if (!audienceReady) throw new Error('the broadcast service did not count every subscriber within 120 s');
  await waitUntilIdle(ns, { timeoutMs: 60_000 }).catch(() => undefined);
  const subscribeSeconds = (performance.now() - subscribeStarted) / 1000;

  const receipts = new ReceiptSender(fake, {
    post,
    delivered: o.delivered,
    seen: o.seen,
    via: 'broadcast_message',
    concurrency: 64,
  });
  const meter = cpuMeter(monitor);
  const created = await api<CampaignView>(broadcastUrl, author, 'POST', '/broadcast/campaigns', {
    title: 'bench:platform',
    department: DEPARTMENT,
    content: { texts: { 'cnr-Latn': 'Obavještenje', 'cnr-Cyrl': 'Обавјештење', en: 'Notice' } },
  });
  await api(broadcastUrl, author, 'POST', `/broadcast/campaigns/${created.id}/submit`);
  const broadcastBefore = fake.deliveries().filter((d) => d.via === 'broadcast_message').length;
  receipts.start();
  await meter.begin();
  const approvedAt = performance.now();
  await api(broadcastUrl, approver, 'POST', `/broadcast/campaigns/${created.id}/approve`, {});
  const get = () => api<CampaignView>(broadcastUrl, approver, 'GET', `/broadcast/campaigns/${created.id}`);
  let campaign = await get();
  const sent = await waitFor(
    'the campaign to be sent',
    async () => (campaign = await get()).status === 'completed',
    120_000,
    500,
  );
  receipts.stop();
  if (!sent) throw new Error(`campaign not completed within 120 s: ${JSON.stringify(campaign)}`);
  const sentSeconds = (performance.now() - approvedAt) / 1000;
  const reached = fake.deliveries().filter((d) => d.via === 'broadcast_message').length - broadcastBefore;
  const drained = await Promise.race([receipts.drain().then(() => true), sleep(120_000).then(() => false)]);
  if (!drained) {
    receipts.cancel();
    throw new Error('receipts still pending 120 s after the campaign was sent');
  }
  const lastReceiptAt = Math.max(...receipts.posted.map((p) => p.answeredAt));
  const target = campaign.stats!.targeted;
  const complete = (c: CampaignView) => c.stats!.delivered === target && c.stats!.seen === target;
  const funnelDone = await waitFor(
    'the funnel',
    async () => complete((campaign = await get())),
    o.funnelWaitSeconds * 1000,
    100,
  );
  const funnelMs = performance.now() - lastReceiptAt;
  const cpu = await meter.end();
  const acks = summarize(receipts.posted.map((p) => p.ackMs));
  const non200 = receipts.posted.filter((p) => p.status !== 200).length + receipts.unreachable;
  const earlier = target - o.recipients;
  log(
    `receipts: a campaign to ${target} subscribers (${o.recipients} subscribed by callback in ${subscribeSeconds.toFixed(1)} s${earlier > 0 ? `, ${earlier} citizens who asked questions before` : ''}), approved by a second supervisor and sent:`,
  );
  log(
    `  approve → campaign completed ${sentSeconds.toFixed(1)} s; ${reached} messages reached the fake Viber API; failed ${campaign.stats!.failed.total}`,
  );
  log(
    `  receipts: ${receipts.posted.length} callbacks (delivered after ${o.delivered.minMs}–${o.delivered.maxMs} ms, seen ${o.seen.minMs}–${o.seen.maxMs} ms later)   ack p50 ${fmt(acks.p50)} ms   p99 ${fmt(acks.p99)} ms   max ${fmt(acks.max)} ms   not 200: ${non200}`,
  );
  log(
    funnelDone
      ? `  funnel complete (delivered = seen = ${target}) ${fmt(funnelMs)} ms after the last receipt was acknowledged`
      : `  funnel NOT complete ${o.funnelWaitSeconds} s after the last receipt: ${JSON.stringify(campaign.stats)}`,
  );
  printCpu('CPU per recipient (send, delivered, seen), every process', cpu, target);
  return { ok: funnelDone && non200 === 0 && reached === target };
}

async function main(): Promise<number> {
  let o: PlatformBenchOptions;
  if (process.argv.includes('--help')) {
    log(USAGE);
    return 0;
  }
  try {
    o = parsePlatformOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  process.env.TEST_DATABASE_URL = DATABASE_URL;
  const ns = testNamespace();
  const fake = new FakeViberApi({ authToken: TOKEN });
  await fake.start();
  const env = serviceTestEnv(ns, {
    NODE_ENV: 'development',
    DATABASE_URL,
    DATABASE_CREATE: 'true',
    DATABASE_POOL_SIZE: '10',
    VIBER_AUTH_TOKEN: TOKEN,
    VIBER_API_URL: fake.url,
    LOG_LEVEL: o.verbose ? 'info' : 'warn',
    SHUTDOWN_TIMEOUT_MS: '10000',
    ...Object.fromEntries(SERVICES.map((s, i) => [`${s.toUpperCase()}_PORT`, String(o.portBase + i)])),
  });
  const pool = new Pool(`http://127.0.0.1:${o.portBase}`, { connections: 64, pipelining: 1 });
  const monitor = new Client({ connectionString: DATABASE_URL, application_name: 'bench-platform-monitor' });
  let ok = true;
  const interrupted = () => {
    for (const r of running) r.child.kill('SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    log(
      `bench:platform: namespace ${ns}, five services from dist on 127.0.0.1:${o.portBase}–${o.portBase + 4}`,
    );
    await startPlatform(o, env);
    await monitor.connect();
    if (o.phases.questions) ok = (await questionsPhase(o, ns, fake, pool, monitor)).ok && ok;
    checkAlive();
    if (o.phases.receipts) ok = (await receiptsPhase(o, ns, fake, pool, monitor)).ok && ok;
    checkAlive();
  } catch (e) {
    process.stderr.write(`bench:platform failed: ${(e as Error).message}\n`);
    ok = false;
  } finally {
    await stopPlatform();
    await monitor.end().catch(() => undefined);
    await pool.close();
    await fake.stop();
    if (o.keep) log(`kept namespace ${ns}`);
    else
      await cleanupNamespace(ns).catch((e: Error) =>
        process.stderr.write(`cleanup of ${ns}: ${e.message}\n`),
      );
  }
  if (!ok) process.stderr.write('bench:platform: the run failed (see above)\n');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
