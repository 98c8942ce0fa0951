import { Envelope } from '@citizen-desk/contracts';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { clientConfigOf } from './connection-config';
import { EventStoreLogger, silentLogger } from './logger';
import { assertSchemaName, outboxChannelOf, relayLockKeyOf } from './schema-name';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  /** Must use the envelope id as Nats-Msg-Id: a row published twice (crash before delete) is then dropped by JetStream. */
  publish: (subject: string, envelope: Envelope) => Promise<void>;
  logger?: EventStoreLogger;
  batchSize?: number;
  /** How long to wait for a NOTIFY before looking at the outbox anyway. */
  pollIntervalMs?: number;
  /** How often a replica that is not relaying tries to take over. */
  lockRetryMs?: number;
  maxBackoffMs?: number;
}

interface OutboxRecord {
  id: string;
  subject: string;
  envelope: Envelope;
}

/** Exponential back-off after consecutive publish failures: 200 ms, 400 ms … up to maxMs. */
export function publishBackoffMs(failures: number, maxMs: number): number {
  return Math.min(maxMs, 200 * 2 ** Math.max(0, failures - 1));
}

/**
 * Publishes the outbox of one schema in id order and deletes what was published. One replica relays
 * at a time: it holds a session-level advisory lock on its own connection, so the lock goes with the
 * connection if that replica dies and a waiting replica takes over on its next attempt.
 *
 * A batch is published pipelined (all started in order, then awaited), which keeps the order whenever
 * publishing works or the broker is down altogether. If one publish of a batch fails while later ones
 * succeed, those later rows reach the stream before the failed one; they stay in the outbox and are
 * published again after it (JetStream drops the repeats by Nats-Msg-Id).
 */
export class OutboxRelay {
  private readonly schema: string;
  private readonly channel: string;
  private readonly logger: EventStoreLogger;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly lockRetryMs: number;
  private readonly maxBackoffMs: number;
  private running = false;
  private loop?: Promise<void>;
  private leader = false;
  private notified = false;
  private wakeSleeper?: () => void;
  /** Set by stop({ drainUntil }): keep publishing until the outbox is empty or this time. */
  private drainUntil?: number;
  private emptyAfterStop = false;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.schema = assertSchemaName(opts.schema);
    this.channel = outboxChannelOf(this.schema);
    this.logger = opts.logger ?? silentLogger;
    this.batchSize = opts.batchSize ?? 100;
    this.pollIntervalMs = opts.pollIntervalMs ?? 200;
    this.lockRetryMs = opts.lockRetryMs ?? 2000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5000;
  }

  /** Returns at once; relaying begins when this replica holds the lock. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Finishes the batch in flight, releases the lock and closes the connection. With `drainUntil`
   * (a time, ms since the epoch), first publishes the whole outbox, batch after batch, until it is
   * empty or that time: what the consumers committed while shutting down leaves with this replica
   * rather than waiting for another. A replica that does not hold the lock takes it for the drain when
   * it is free (no other replica relaying).
   */
  async stop(opts: { drainUntil?: number } = {}): Promise<void> {
    this.drainUntil = opts.drainUntil;
    this.emptyAfterStop = false;
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = undefined;
    if (opts.drainUntil !== undefined && !this.emptyAfterStop) await this.drainOnce(opts.drainUntil);
  }

  private drainingAfterStop(): boolean {
    return !this.running && this.drainUntil !== undefined && Date.now() < this.drainUntil;
  }

  /** The last drain on stop, on a connection of its own, when the relay loop did not leave the outbox empty. */
  private async drainOnce(deadline: number): Promise<void> {
    const client = new Client(
      clientConfigOf(this.opts.dataSource, this.schema, `outbox-relay ${this.schema}`),
    );
    client.on('error', (e) =>
      this.logger.warn({ err: e, schema: this.schema }, 'outbox drain connection error'),
    );
    try {
      await client.connect();
      const [{ locked }] = (
        await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
          relayLockKeyOf(this.schema),
        ])
      ).rows;
      if (!locked) return; // another replica relays: the rows are its
      let failures = 0;
      while (Date.now() < deadline && !this.emptyAfterStop) {
        if ((await this.relayAll(client)) === 'publish-failed') {
          failures += 1;
          const pause = Math.min(publishBackoffMs(failures, this.maxBackoffMs), deadline - Date.now());
          if (pause > 0) await new Promise((r) => setTimeout(r, pause));
        }
      }
    } catch (e) {
      this.logger.warn({ err: e, schema: this.schema }, 'outbox drain on shutdown failed');
    } finally {
      await client.end().catch(() => undefined);
    }
    if (!this.emptyAfterStop) this.logger.warn({ schema: this.schema }, 'outbox not empty at shutdown');
  }

  /** True while this replica holds the relay lock. */
  isRelaying(): boolean {
    return this.leader;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const client = new Client({
        ...clientConfigOf(this.opts.dataSource, this.schema, `outbox-relay ${this.schema}`),
        keepAlive: true,
      });
      // A lost connection also fails the query in progress; the loop below reconnects.
      client.on('error', (e) =>
        this.logger.warn({ err: e, schema: this.schema }, 'outbox relay connection error'),
      );
      client.on('notification', () => this.wake());
      try {
        await client.connect();
        const [{ locked }] = (
          await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
            relayLockKeyOf(this.schema),
          ])
        ).rows;
        if (!locked) {
          await this.sleep(this.lockRetryMs);
          continue;
        }
        this.leader = true;
        this.logger.info({ schema: this.schema }, 'outbox relay took the lock');
        await client.query(`LISTEN "${this.channel}"`);
        await this.relayWhileRunning(client);
      } catch (e) {
        this.logger.error({ err: e, schema: this.schema }, 'outbox relay failed; retrying');
        if (this.running) await this.sleep(this.lockRetryMs);
      } finally {
        this.leader = false;
        // Closing the session releases the advisory lock and the LISTEN.
        await client.end().catch(() => undefined);
      }
    }
  }

  private async relayWhileRunning(client: Client): Promise<void> {
    let failures = 0;
    while (this.running) {
      const outcome = await this.relayAll(client);
      if (outcome === 'publish-failed') {
        failures += 1;
        await this.sleep(publishBackoffMs(failures, this.maxBackoffMs));
      } else {
        failures = 0;
        await this.sleep(this.pollIntervalMs);
      }
    }
  }

  /** Publishes batches until the outbox is empty, a publish fails, or the relay stops (and its drain ends). */
  private async relayAll(client: Client): Promise<'drained' | 'publish-failed'> {
    for (;;) {
      // A NOTIFY arriving from here on means rows this select may miss, so the next sleep returns at once.
      this.notified = false;
      const rows = (
        await client.query<OutboxRecord>('SELECT id, subject, envelope FROM outbox ORDER BY id LIMIT $1', [
          this.batchSize,
        ])
      ).rows;
      if (rows.length === 0) {
        if (!this.running) this.emptyAfterStop = true;
        return 'drained';
      }
      // Started in order on one NATS connection, so they reach the stream in order.
      const results = await Promise.allSettled(
        rows.map((row) => this.opts.publish(row.subject, row.envelope)),
      );
      const firstFailure = results.findIndex((r) => r.status === 'rejected');
      // Only the prefix before the first failure is deleted, so a retry republishes from there in order.
      const published = firstFailure === -1 ? rows : rows.slice(0, firstFailure);
      if (published.length > 0) {
        await client.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [published.map((r) => r.id)]);
      }
      if (firstFailure !== -1) {
        const failure = results[firstFailure] as PromiseRejectedResult;
        this.logger.warn(
          {
            err: failure.reason,
            schema: this.schema,
            subject: rows[firstFailure].subject,
            messageId: rows[firstFailure].envelope.id,
          },
          'outbox publish failed; backing off',
        );
        return 'publish-failed';
      }
      if (!this.running && !this.drainingAfterStop()) return 'drained';
    }
  }

  private wake(): void {
    this.notified = true;
    this.wakeSleeper?.();
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wakeSleeper === done) this.wakeSleeper = undefined;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }
}
