import { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { Pool } from 'undici';
import { issueTestStaffToken } from '@citizen-desk/auth';
import { connectMessaging } from '@citizen-desk/messaging';
import {
  cleanupNamespace,
  serviceTestEnv,
  startServiceProcess,
  stopServiceProcess,
  testNamespace,
} from '@citizen-desk/testing';
import { bucketShape, signViberBody, VIBER_BROADCAST_LIMIT } from '@citizen-desk/viber';
import { LoopbackViberApi } from './loopback-viber-api';

/**
 * bench:broadcast — one campaign through the whole path: broadcast (fan-out) → JetStream → gateway
 * sender → a Viber stand-in on loopback, with delivered receipts for a sample of receivers posted back
 * to the gateway's webhook and matched by the broadcast service. Gateway and broadcast run as their own
 * processes from dist, as in production.
 *  1. throughput: BENCH_SUBSCRIBERS (1,000,000) with a rate budget high enough not to limit;
 *  2. rate budget: BENCH_BUDGET_SUBSCRIBERS at BENCH_BUDGET_RATE broadcast calls/s, against what the budget allows.
 */
const TOKEN = 'bench-token';
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1_000_000);
const RECEIPT_EVERY = Number(process.env.BENCH_RECEIPT_EVERY ?? 10);
const BUDGET_SUBSCRIBERS = Number(process.env.BENCH_BUDGET_SUBSCRIBERS ?? 60_000);
const BUDGET_RATE = Number(process.env.BENCH_BUDGET_RATE ?? 10);
const BASE_PORT = Number(process.env.BENCH_BASE_PORT ?? 3950);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/citizen_desk_bench';
const DEPARTMENT = 'local-self-government';

interface Service {
  name: string;
  child: ChildProcess;
  port: number;
}

const children = new Set<ChildProcess>();
// A benchmark interrupted (Ctrl-C, a time-out) must not leave services running behind it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const c of children) c.kill('SIGKILL');
    process.exit(130);
  });
}

async function startService(
  name: string,
  port: number,
  env: Record<string, string | undefined>,
): Promise<Service> {
  // BENCH_CPU_PROF=<dir>: each service writes <dir>/<service>.cpuprofile when it stops.
  const profileDir = process.env.BENCH_CPU_PROF;
  const child = await startServiceProcess(name, {
    port,
    env,
    showOutput: !!process.env.BENCH_VERBOSE,
    nodeArgs: profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
      : [],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return { name, child, port };
}

const stopService = (s: Service) => stopServiceProcess(s.child);

/** Peak resident memory of a process so far (Linux VmHWM), in MB. */
function peakRssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

/** Subscribers written straight into the projection: a tenth in Cyrillic, a tenth in English, the rest without a language. */
async function insertSubscribers(namespace: string, n: number): Promise<number> {
  const started = performance.now();
  const pg = new Client({ connectionString: DATABASE_URL });
  await pg.connect();
  try {
    await pg.query(`SET search_path TO "${namespace}_broadcast"`);
    await pg.query(
      `INSERT INTO subscribers (citizen_id, subscribed, status_at, subscribed_at, language)
       SELECT 'viber:b' || lpad(i::text, 8, '0') || '==', true, now(), now(),
              CASE WHEN i % 10 = 1 THEN 'cnr-Cyrl' WHEN i % 10 = 2 THEN 'en' END
         FROM generate_series(1, $1) AS i`,
      [n],
    );
    // Each with the gateway's link to a Viber id (as first contact makes it), without which it sends nothing.
    await pg.query(
      `INSERT INTO "${namespace}_privacy".citizen_keys (key_id, citizen_id, viber_id, key)
       SELECT gen_random_uuid(), 'viber:b' || lpad(i::text, 8, '0') || '==', 'b' || lpad(i::text, 8, '0') || '==',
              decode(md5(random()::text) || md5(random()::text), 'hex')
         FROM generate_series(1, $1) AS i`,
      [n],
    );
    await pg.query('ANALYZE subscribers');
  } finally {
    await pg.end();
  }
  return (performance.now() - started) / 1000;
}

/** The parts of the broadcast API's answers the benchmark reads. */
interface CampaignView {
  id: string;
  status: string;
  stats: { delivered: number } & Record<string, unknown>;
}

async function api(
  port: number,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<CampaignView> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as CampaignView;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Posts the delivered receipts Viber would send, signed, to the gateway, as they become due. */
function startReceipts(viber: LoopbackViberApi, gatewayPort: number) {
  const pool = new Pool(`http://127.0.0.1:${gatewayPort}`, { connections: 32, pipelining: 1 });
  let posted = 0;
  let failed = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped || viber.receiptsDue.length > 0) {
      const due = viber.receiptsDue.shift();
      if (!due) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const body = `{"event":"delivered","timestamp":${Date.now()},"chat_hostname":"SN-BENCH_","message_token":${due.messageToken},"user_id":"${due.viberId}"}`;
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
      if (res.statusCode === 200) posted++;
      else failed++;
    }
  };
  const workers = Array.from({ length: 32 }, worker);
  return {
    get posted() {
      return posted;
    },
    get failed() {
      return failed;
    },
    async finish() {
      if (stopped) return;
      stopped = true;
      await Promise.all(workers);
      await pool.close();
    },
  };
}

interface RunResult {
  subscribers: number;
  insertSeconds: number;
  sendSeconds: number;
  completeSeconds: number;
  calls: number;
  receivers: number;
  distinct: number;
  duplicates: number;
  firstToLastCallSeconds: number;
  receiptsPosted: number;
  lastReceiptSeconds: number | null;
  peak: Record<string, number>;
  stats: Record<string, unknown>;
}

async function run(
  namespace: string,
  subscribers: number,
  portBase: number,
  extra: Record<string, string>,
  receiptEvery: number,
): Promise<RunResult> {
  const viber = new LoopbackViberApi(TOKEN, receiptEvery);
  await viber.start();
  const env = serviceTestEnv(namespace, {
    DATABASE_URL,
    DATABASE_CREATE: 'true',
    DATABASE_POOL_SIZE: '30',
    VIBER_AUTH_TOKEN: TOKEN,
    VIBER_API_URL: viber.url,
    SENDER_MAX_IN_FLIGHT: '128',
    GATEWAY_PORT: String(portBase),
    BROADCAST_PORT: String(portBase + 3),
    BROADCAST_POLL_MS: '100',
    BROADCAST_MAX_BATCHES_IN_FLIGHT: '128',
    BROADCAST_CONCURRENCY: '32',
    LOG_LEVEL: 'warn',
    ...extra,
  });
  const services: Service[] = [];
  let receipts: ReturnType<typeof startReceipts> | undefined;
  try {
    services.push(await startService('gateway', portBase, env));
    services.push(await startService('broadcast', portBase + 3, env));
    const insertSeconds = await insertSubscribers(namespace, subscribers);
    // The services verify staff tokens with keys published in the namespace: publish a bench key there.
    const keys = await connectMessaging({ url: env.NATS_URL!, namespace, name: 'bench-staff-tokens' });
    const author = await issueTestStaffToken(
      { sub: 'author', email: 'a@budva.local', name: 'A', roles: ['editor'], departments: [DEPARTMENT] },
      keys,
      3600,
    );
    const boss = await issueTestStaffToken(
      { sub: 'boss', email: 'b@budva.local', name: 'B', roles: ['supervisor'], departments: [DEPARTMENT] },
      keys,
      3600,
    );
    await keys.close();
    const bp = portBase + 3;
    const created = await api(bp, author, 'POST', '/broadcast/campaigns', {
      title: 'Bench',
      department: DEPARTMENT,
      content: {
        texts: { 'cnr-Latn': 'Obavještenje', 'cnr-Cyrl': 'Обавјештење', en: 'Notice' },
        link: { url: 'https://budva.me', label: { 'cnr-Latn': 'Više' } },
      },
    });
    const id = created.id as string;
    await api(bp, author, 'POST', `/broadcast/campaigns/${id}/submit`);
    receipts = startReceipts(viber, portBase);
    const t0 = performance.now();
    await api(bp, boss, 'POST', `/broadcast/campaigns/${id}/approve`, {});
    let done: CampaignView | undefined;
    while (!done) {
      // Every GET counts the recipients: poll gently so as not to weigh on what is measured.
      await new Promise((r) => setTimeout(r, 1000));
      const c = await api(bp, boss, 'GET', `/broadcast/campaigns/${id}`);
      if (c.status === 'completed') done = c;
      else if (process.env.BENCH_VERBOSE)
        console.error(c.status, JSON.stringify(c.stats), viber.calls, viber.receivers);
    }
    const completeSeconds = (performance.now() - t0) / 1000;
    const sendSeconds = (viber.lastCallAt - t0) / 1000;
    const peak: Record<string, number> = {};
    let lastReceiptSeconds: number | null = null;
    if (receiptEvery > 0) {
      await receipts.finish();
      const expected = receipts.posted;
      for (;;) {
        const c = await api(bp, boss, 'GET', `/broadcast/campaigns/${id}`);
        if (c.stats.delivered >= expected) {
          lastReceiptSeconds = (performance.now() - t0) / 1000;
          done = c;
          break;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    for (const s of services) peak[s.name] = peakRssMb(s.child.pid);
    peak['bench (fake Viber, receipts)'] = process.memoryUsage().rss / 1024 / 1024;
    return {
      subscribers,
      insertSeconds,
      sendSeconds,
      completeSeconds,
      calls: viber.calls,
      receivers: viber.receivers,
      distinct: viber.distinctReceivers(),
      duplicates: viber.duplicates,
      firstToLastCallSeconds: (viber.lastCallAt - viber.firstCallAt) / 1000,
      receiptsPosted: receipts.posted,
      lastReceiptSeconds,
      peak,
      stats: done!.stats,
    };
  } finally {
    await receipts?.finish().catch(() => undefined);
    for (const s of services.reverse()) await stopService(s);
    await viber.stop();
  }
}

async function main() {
  process.env.TEST_DATABASE_URL = DATABASE_URL;
  const namespaces = [testNamespace(), testNamespace()];
  try {
    const big = await run(
      namespaces[0],
      SUBSCRIBERS,
      BASE_PORT,
      // Neither the rate nor Viber's 500 per 10 s: what the platform itself manages.
      { VIBER_BROADCAST_RATE_PER_SECOND: '100000', VIBER_BROADCAST_PER_10_SECONDS: '100000000' },
      RECEIPT_EVERY,
    );
    console.log(
      `broadcast: one campaign to ${big.subscribers.toLocaleString('en')} subscribers (inserted in ${big.insertSeconds.toFixed(1)} s), rate budget not limiting:`,
    );
    console.log(
      `  approve → last broadcast_message answered: ${big.sendSeconds.toFixed(1)} s = ${(big.receivers / big.sendSeconds).toFixed(0)} recipients/s   (${big.calls} calls, ${big.receivers} receivers, ${big.distinct} distinct, ${big.duplicates} twice)`,
    );
    console.log(
      `  approve → campaign completed (every batch reported back): ${big.completeSeconds.toFixed(1)} s = ${(big.receivers / big.completeSeconds).toFixed(0)} recipients/s`,
    );
    if (big.lastReceiptSeconds !== null) {
      console.log(
        `  delivered receipts: ${big.receiptsPosted} posted to the webhook (every ${RECEIPT_EVERY}th receiver), last one processed ${big.lastReceiptSeconds.toFixed(1)} s after approval`,
      );
    }
    console.log(
      `  peak RSS: ${Object.entries(big.peak)
        .map(([k, v]) => `${k} ${v.toFixed(0)} MB`)
        .join(', ')}`,
    );
    console.log(`  stats: ${JSON.stringify(big.stats)}`);

    const budgeted = await run(
      namespaces[1],
      BUDGET_SUBSCRIBERS,
      BASE_PORT + 10,
      { VIBER_BROADCAST_RATE_PER_SECOND: String(BUDGET_RATE) },
      0,
    );
    // The shared bucket starts full: its capacity may go at once, the rest at its refill rate.
    const shape = bucketShape(BUDGET_RATE, VIBER_BROADCAST_LIMIT);
    const burst = shape.capacity;
    const allowed = Math.max(0, budgeted.calls - burst) / shape.refillPerSecond;
    const deviation = ((budgeted.firstToLastCallSeconds - allowed) / allowed) * 100;
    console.log(
      `rate budget: ${budgeted.subscribers.toLocaleString('en')} subscribers = ${budgeted.calls} broadcast_message calls at ${BUDGET_RATE} calls/s:`,
    );
    console.log(
      `  first → last call ${budgeted.firstToLastCallSeconds.toFixed(2)} s; the budget allows ${allowed.toFixed(2)} s (${budgeted.calls} calls − ${burst} burst, at ${BUDGET_RATE}/s): ${deviation >= 0 ? '+' : ''}${deviation.toFixed(1)}%`,
    );
    console.log(
      `  approve → completed ${budgeted.completeSeconds.toFixed(2)} s; ${budgeted.distinct} distinct receivers, ${budgeted.duplicates} twice`,
    );
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept namespaces ${namespaces.join(', ')}`);
    else for (const ns of namespaces) await cleanupNamespace(ns).catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
