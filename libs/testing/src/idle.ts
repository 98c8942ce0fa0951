import { streamNameOf } from '@citizen-desk/messaging';
import { connect, JetStreamManager, NatsConnection } from 'nats';
import { Client } from 'pg';
import { testDatabaseUrl, testNatsUrl } from './test-env';

export interface IdleOptions {
  /**
   * Durable consumers to leave out, e.g. one whose service is stopped on purpose and so never catches
   * up. A name as the service gives it (`dialog`) or as it is on the server (`<namespace>-dialog`).
   */
  except?: string[];
  /** Only these durable consumers count (all of the stream's, when not given); named as for `except`. */
  only?: string[];
  timeoutMs?: number;
}

export interface StreamMessage {
  seq: number;
  subject: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read envelopes loosely
  envelope: any;
}

/**
 * Waits until a namespace has nothing left to do, and returns the stream's last sequence then:
 * every durable consumer of its events stream has been handed every message it filters and has
 * acknowledged it (`num_pending === 0 && num_ack_pending === 0`), every outbox of its database
 * schemas is empty, and the stream did not grow while this was checked. Handlers acknowledge after
 * their effects are committed and the relay deletes an outbox row only once it is published, so
 * after this everything that messages published before the call were going to cause has happened,
 * and a test may assert that nothing more did. Bounded: fails after `timeoutMs` saying what was busy.
 */
export async function waitUntilIdle(namespace: string, opts: IdleOptions = {}): Promise<number> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const nc = await connect({ servers: testNatsUrl() });
  const pg = new Client({ connectionString: testDatabaseUrl() });
  await pg.connect();
  try {
    const jsm = await nc.jetstreamManager();
    const stream = streamNameOf(namespace);
    const deadline = Date.now() + timeoutMs;
    let busy: string[] = [];
    for (;;) {
      const before = (await jsm.streams.info(stream)).state.last_seq;
      busy = [...(await busyConsumers(jsm, namespace, opts)), ...(await busyOutboxes(pg, namespace))];
      const after = (await jsm.streams.info(stream)).state.last_seq;
      if (busy.length === 0 && before === after) return after;
      if (after !== before) busy.push(`stream grew from ${before} to ${after}`);
      if (Date.now() > deadline)
        throw new Error(`namespace ${namespace} not idle within ${timeoutMs} ms: ${busy.join('; ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await pg.end();
    await nc.close();
  }
}

/** Waits until the given durable consumers of a namespace have acknowledged every message they filter. */
export function waitUntilConsumersIdle(
  namespace: string,
  durables: string[],
  opts: { timeoutMs?: number } = {},
): Promise<number> {
  return waitUntilIdle(namespace, { ...opts, only: durables });
}

/** The last sequence of a namespace's events stream: how far publishing has got. */
export async function streamPosition(namespace: string): Promise<number> {
  return withJsm(async (jsm) => (await jsm.streams.info(streamNameOf(namespace))).state.last_seq);
}

/** Every message stored in a namespace's events stream after sequence `after`, in order. */
export async function publishedAfter(namespace: string, after: number): Promise<StreamMessage[]> {
  return withJsm(async (jsm) => {
    const stream = streamNameOf(namespace);
    const last = (await jsm.streams.info(stream)).state.last_seq;
    const messages: StreamMessage[] = [];
    for (let seq = after + 1; seq <= last; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq });
      messages.push({ seq, subject: m.subject, envelope: m.json() });
    }
    return messages;
  });
}

async function withJsm<T>(use: (jsm: JetStreamManager) => Promise<T>): Promise<T> {
  const nc: NatsConnection = await connect({ servers: testNatsUrl() });
  try {
    return await use(await nc.jetstreamManager());
  } finally {
    await nc.close();
  }
}

async function busyConsumers(jsm: JetStreamManager, namespace: string, opts: IdleOptions): Promise<string[]> {
  const stream = streamNameOf(namespace);
  const busy: string[] = [];
  const seen = new Set<string>();
  const named = (names: string[] | undefined, durable: string) =>
    names?.find((n) => durable === n || durable === `${namespace}-${n}`);
  for await (const c of jsm.consumers.list(stream)) {
    const name = c.config.durable_name;
    if (!name || named(opts.except, name) || (opts.only && !named(opts.only, name))) continue;
    seen.add(named(opts.only, name) ?? name);
    if (c.num_pending !== 0 || c.num_ack_pending !== 0)
      busy.push(`consumer ${name}: ${c.num_pending} pending, ${c.num_ack_pending} unacknowledged`);
  }
  for (const name of opts.only ?? []) if (!seen.has(name)) busy.push(`consumer ${name} does not exist`);
  return busy;
}

async function busyOutboxes(pg: Client, namespace: string): Promise<string[]> {
  const { rows: tables } = await pg.query<{ schema: string }>(
    `SELECT table_schema AS schema FROM information_schema.tables
      WHERE table_name = 'outbox' AND table_schema LIKE $1`,
    [`${namespace}\\_%`],
  );
  const busy: string[] = [];
  for (const { schema } of tables) {
    const { rows } = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".outbox`);
    if (Number(rows[0].n) > 0) busy.push(`outbox of ${schema}: ${rows[0].n} rows`);
  }
  return busy;
}
