import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'undici';
import {
  cleanupNamespace,
  serviceTestEnv,
  startServiceProcess,
  stopServiceProcess,
  testNamespace,
} from '@citizen-desk/testing';
import { signViberBody } from '@citizen-desk/viber';
import { FakeViberApi } from '@citizen-desk/viber-simulator';
import { summarize } from './latency-stats';

/**
 * bench:webhook — signed callbacks driven at the gateway on loopback.
 *  1. durable acknowledgement: closed loop at fixed concurrency, gateway alone (callbacks/s, p50/p99);
 *  2. end-to-end reply latency at a fixed rate: callback in → send_message out at the fake Viber API.
 * The gateway and the dialog run as their own processes, built from dist, as in production.
 */
const TOKEN = 'bench-token';
const DURABLE_CALLBACKS = Number(process.env.BENCH_CALLBACKS ?? 30000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const REPLY_RATE = Number(process.env.BENCH_REPLY_RATE ?? 1000);
const REPLY_SECONDS = Number(process.env.BENCH_REPLY_SECONDS ?? 10);
const GATEWAY_PORT = Number(process.env.BENCH_GATEWAY_PORT ?? 3900);

let token = 7000000000000000000n;
function callback(userId: string): { body: string; signature: string } {
  token += 1n;
  const body = `{"event":"message","timestamp":${Date.now()},"chat_hostname":"SN-1_","message_token":${token},"sender":{"id":"${userId}","name":"Bench","language":"sr","country":"ME","api_version":10},"message":{"type":"text","text":"zdravo"},"silent":false}`;
  return { body, signature: signViberBody(body, TOKEN) };
}

function startService(name: string, env: Record<string, string | undefined>): Promise<ChildProcess> {
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  return startServiceProcess(name, { port: env[`${name.toUpperCase()}_PORT`]!, env, nodeArgs });
}

const PEER_PORT = GATEWAY_PORT + 50;

function startSdkPeer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve(__dirname, 'sdk-peer.js')], {
    env: { ...process.env, PEER_PORT: String(PEER_PORT), PEER_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    child.stdout!.once('data', () => ok(child));
    child.once('exit', () => fail(new Error('the SDK peer did not start')));
  });
}

const stopService = stopServiceProcess;

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere.
 * On a loaded machine the rate says more about the neighbours than about us; CPU per callback does not.
 */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

async function post(pool: Pool, c: { body: string; signature: string }, sdkPeer = false): Promise<number> {
  const res = await pool.request({
    path: sdkPeer ? `/?sig=${c.signature}` : '/viber/webhook',
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-viber-content-signature': c.signature },
    body: c.body,
  });
  await res.body.dump();
  return res.statusCode;
}

async function durablePhase(pool: Pool, sdkPeer = false, server?: ChildProcess) {
  const work = Array.from({ length: DURABLE_CALLBACKS }, (_, i) => callback(`durable-${i % 5000}`));
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const cpuBefore = cpuSeconds(server?.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < work.length) {
        const c = work[next++];
        const t = performance.now();
        const status = await post(pool, c, sdkPeer);
        latencies.push(performance.now() - t);
        if (status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(server?.pid);
  const cpuPerCallbackUs =
    cpuBefore !== undefined && cpuAfter !== undefined
      ? ((cpuAfter - cpuBefore) / DURABLE_CALLBACKS) * 1e6
      : undefined;
  return { rate: DURABLE_CALLBACKS / seconds, failures, cpuPerCallbackUs, ...summarize(latencies) };
}

function cpuLine(cpuPerCallbackUs: number | undefined): string {
  if (cpuPerCallbackUs === undefined) return '';
  return `\n  server CPU ${cpuPerCallbackUs.toFixed(0)} µs per callback (≈ ${(1e6 / cpuPerCallbackUs).toFixed(0)} callbacks/s per core if it had one to itself)`;
}

async function replyPhase(pool: Pool, viber: FakeViberApi) {
  const total = REPLY_RATE * REPLY_SECONDS;
  const sentAt = new Map<string, number>();
  const replyLatencies: number[] = [];
  viber.on('message', (m: { body?: { receiver?: string } }) => {
    const receiver = m.body?.receiver;
    const t = receiver ? sentAt.get(receiver) : undefined;
    if (t !== undefined) {
      replyLatencies.push(performance.now() - t);
      sentAt.delete(receiver!);
    }
  });
  const work = Array.from({ length: total }, (_, i) => ({ user: `reply-${i}`, ...callback(`reply-${i}`) }));
  const started = performance.now();
  const inflight: Promise<number>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / REPLY_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sentAt.set(work[i].user, performance.now());
    inflight.push(post(pool, work[i]));
  }
  await Promise.all(inflight);
  const deadline = Date.now() + 30000;
  while (replyLatencies.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return { offered: total, answered: replyLatencies.length, ...summarize(replyLatencies) };
}

function benchEnv(namespace: string, viber: FakeViberApi) {
  return serviceTestEnv(namespace, {
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/citizen_desk_bench',
    DATABASE_CREATE: 'true',
    DATABASE_POOL_SIZE: '20',
    VIBER_AUTH_TOKEN: TOKEN,
    VIBER_API_URL: viber.url,
    VIBER_RATE_LIMIT_PER_SECOND: '20000',
    SENDER_MAX_IN_FLIGHT: '256',
    DIALOG_CONCURRENCY: '64',
    GATEWAY_PORT: String(GATEWAY_PORT),
    DIALOG_PORT: String(GATEWAY_PORT + 1),
    LOG_LEVEL: 'warn',
  });
}

async function main() {
  const viber = new FakeViberApi({ authToken: TOKEN });
  await viber.start();
  const pool = new Pool(`http://127.0.0.1:${GATEWAY_PORT}`, { connections: CONCURRENCY, pipelining: 1 });
  // Each phase in a namespace of its own, so the reply phase does not start behind a backlog.
  const namespaces = [testNamespace(), testNamespace()];
  const running: ChildProcess[] = [];
  try {
    if (!process.env.BENCH_SKIP_PEER) {
      const peer = await startSdkPeer();
      const peerPool = new Pool(`http://127.0.0.1:${PEER_PORT}`, { connections: CONCURRENCY, pipelining: 1 });
      try {
        const sdk = await durablePhase(peerPool, true, peer);
        console.log(
          `peer: official viber-bot SDK middleware, no durability (${DURABLE_CALLBACKS} callbacks, ${CONCURRENCY} connections):`,
        );
        console.log(
          `  ${sdk.rate.toFixed(0)} callbacks/s   p50 ${sdk.p50.toFixed(2)} ms   p99 ${sdk.p99.toFixed(2)} ms   max ${sdk.max.toFixed(1)} ms   non-200: ${sdk.failures}${cpuLine(sdk.cpuPerCallbackUs)}`,
        );
      } finally {
        await peerPool.close();
        await stopService(peer);
      }
    }
    running.push(await startService('gateway', benchEnv(namespaces[0], viber)));
    const durable = await durablePhase(pool, false, running[0]);
    console.log(
      `webhook, durable acknowledgement (${DURABLE_CALLBACKS} signed callbacks, ${CONCURRENCY} connections, gateway alone):`,
    );
    console.log(
      `  ${durable.rate.toFixed(0)} callbacks/s   p50 ${durable.p50.toFixed(2)} ms   p99 ${durable.p99.toFixed(2)} ms   max ${durable.max.toFixed(1)} ms   non-200: ${durable.failures}${cpuLine(durable.cpuPerCallbackUs)}`,
    );
    await stopService(running.pop()!);
    if (process.env.BENCH_SKIP_REPLY) return;

    const env = benchEnv(namespaces[1], viber);
    running.push(await startService('gateway', env));
    running.push(await startService('dialog', env));
    // Warm-up (JIT, connection pools, the content model), not measured.
    await Promise.all(Array.from({ length: 200 }, (_, i) => post(pool, callback(`warmup-${i}`))));
    const warmDeadline = Date.now() + 30000;
    while (viber.sentMessages().length < 200 && Date.now() < warmDeadline)
      await new Promise((r) => setTimeout(r, 100));
    const reply = await replyPhase(pool, viber);
    console.log(
      `reply latency (callback in → send_message out) at ${REPLY_RATE} messages/s for ${REPLY_SECONDS} s, gateway + dialog:`,
    );
    console.log(
      `  answered ${reply.answered}/${reply.offered}   p50 ${reply.p50.toFixed(1)} ms   p90 ${reply.p90.toFixed(1)} ms   p99 ${reply.p99.toFixed(1)} ms   max ${reply.max.toFixed(1)} ms`,
    );
  } finally {
    for (const child of running.reverse()) await stopService(child);
    await pool.close();
    process.env.TEST_DATABASE_URL = benchEnv(namespaces[0], viber).DATABASE_URL;
    await viber.stop();
    if (process.env.BENCH_KEEP) console.log(`kept namespaces ${namespaces.join(', ')}`);
    else for (const ns of namespaces) await cleanupNamespace(ns).catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
