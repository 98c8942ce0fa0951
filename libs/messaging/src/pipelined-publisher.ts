import { Envelope, EventType, isKnownEventType } from '@citizen-desk/contracts';
import {
  createInbox,
  headers as natsHeaders,
  Msg,
  MsgHdrs,
  NatsConnection,
  NatsError,
  Subscription,
} from 'nats';
import type { Messaging } from './messaging';

/** What JetStream answered for one stored message. */
export interface StoredAck {
  stream: string;
  seq: number;
  /** The message id was seen within the duplicate window: acknowledged, not stored a second time. */
  duplicate: boolean;
}

/** JetStream did not confirm the message: refused it, no stream took it, the time ran out or the connection closed. */
export class NotStoredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotStoredError';
  }
}

export interface PipelinedPublisherOptions {
  /** How long a publish waits for JetStream's acknowledgement. */
  timeoutMs?: number;
}

interface Pending {
  resolve(ack: StoredAck): void;
  reject(e: Error): void;
  deadline: number;
}

interface Queued {
  subject: string;
  payload: string;
  headers: MsgHdrs;
  id: string;
}

/**
 * Publishes to JetStream from many concurrent callers without waiting on one acknowledgement at a time,
 * and without one socket write per message.
 *
 * Each `publish` resolves only once JetStream has stored (or, for a known id, de-duplicated) that very
 * message, as `js.publish` does. What differs is the cost per message: publishes made during one turn of
 * the event loop are written together on the next `setImmediate` (the NATS client sends what it is given
 * in one turn as one write), acknowledgements come back on one wildcard subscription and are matched by
 * their reply subject, and one timer expires them all, instead of a request object, two stack-capturing
 * errors and a timer per message.
 */
export class PipelinedPublisher {
  private readonly replyPrefix: string;
  private readonly subscription: Subscription;
  private readonly pending = new Map<string, Pending>();
  private queue: Queued[] = [];
  private flushScheduled = false;
  private next = 0;
  private readonly sweeper: NodeJS.Timeout;
  private closedReason?: string;
  private readonly timeoutMs: number;

  private readonly nc: NatsConnection;

  constructor(
    private readonly messaging: Messaging,
    opts: PipelinedPublisherOptions = {},
  ) {
    this.nc = messaging.nc;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    // Under the connection's own inbox prefix: a service's NATS user may subscribe only there.
    this.replyPrefix = `${createInbox(messaging.inboxPrefix)}.`;
    this.subscription = this.nc.subscribe(`${this.replyPrefix}*`, {
      callback: (err, msg) => this.acknowledged(err, msg),
    });
    this.sweeper = setInterval(() => this.expire(), Math.max(10, Math.min(1000, this.timeoutMs / 4)));
    this.sweeper.unref();
    void this.nc.closed().then(() => this.fail('the NATS connection is closed'));
  }

  /** Messages written and not yet acknowledged. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Publishes an envelope on its subject (or the one given) with its id as `Nats-Msg-Id` and its trace
   * context as headers, and resolves once JetStream has stored it.
   */
  publish(envelope: Envelope, subject?: string): Promise<StoredAck> {
    if (!subject && !isKnownEventType(envelope.type))
      return Promise.reject(new Error(`no subject for unknown event type ${envelope.type}`));
    const h = natsHeaders();
    h.set('Nats-Msg-Id', envelope.id);
    if (envelope.trace?.traceparent) h.set('traceparent', envelope.trace.traceparent);
    if (envelope.trace?.tracestate) h.set('tracestate', envelope.trace.tracestate);
    return this.send(
      subject ?? this.messaging.subjectFor(envelope.type as EventType),
      JSON.stringify(envelope),
      h,
    );
  }

  /** Publishes one message and resolves once JetStream has stored it. */
  send(subject: string, payload: string, headers: MsgHdrs): Promise<StoredAck> {
    if (this.closedReason !== undefined || this.nc.isClosed())
      return Promise.reject(new NotStoredError(this.closedReason ?? 'the NATS connection is closed'));
    const id = (this.next++).toString(36);
    return new Promise<StoredAck>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, deadline: Date.now() + this.timeoutMs });
      this.queue.push({ subject, payload, headers, id });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const m of batch) {
      try {
        this.nc.publish(m.subject, m.payload, { reply: this.replyPrefix + m.id, headers: m.headers });
      } catch (e) {
        this.settle(m.id, new NotStoredError(`could not publish: ${(e as Error).message}`));
      }
    }
  };

  private acknowledged(err: NatsError | null, msg: Msg): void {
    const id = msg?.subject?.slice(this.replyPrefix.length);
    if (id === undefined) return;
    if (err) return this.settle(id, new NotStoredError(err.message));
    if (msg.headers?.hasError) {
      // 503 "no responders": no stream listens on the subject.
      return this.settle(
        id,
        new NotStoredError(`no stream stored the message (${msg.headers.code} ${msg.headers.description})`),
      );
    }
    let answer: { stream?: string; seq?: number; duplicate?: boolean; error?: { description?: string } };
    try {
      answer = msg.json();
    } catch {
      return this.settle(id, new NotStoredError('JetStream answered something that is not JSON'));
    }
    if (answer.error || !answer.stream || typeof answer.seq !== 'number')
      return this.settle(
        id,
        new NotStoredError(`JetStream refused the message: ${answer.error?.description ?? 'no stream'}`),
      );
    this.settle(id, undefined, { stream: answer.stream, seq: answer.seq, duplicate: !!answer.duplicate });
  }

  private settle(id: string, error: Error | undefined, ack?: StoredAck): void {
    const p = this.pending.get(id);
    if (!p) return; // already timed out
    this.pending.delete(id);
    if (error) p.reject(error);
    else p.resolve(ack!);
  }

  /** Deadlines grow in insertion order, so the expired ones are at the front of the map. */
  private expire(): void {
    const now = Date.now();
    for (const [id, p] of this.pending) {
      if (p.deadline > now) break;
      this.pending.delete(id);
      p.reject(new NotStoredError(`JetStream did not acknowledge within ${this.timeoutMs} ms`));
    }
  }

  private fail(reason: string): void {
    this.closedReason ??= reason;
    clearInterval(this.sweeper);
    this.queue = [];
    const left = [...this.pending.values()];
    this.pending.clear();
    for (const p of left) p.reject(new NotStoredError(reason));
  }

  /**
   * Stops taking publishes and waits (at most the acknowledgement time-out) for those in flight; any
   * still unacknowledged then fail, and their callers answer them as not stored.
   */
  async close(): Promise<void> {
    if (this.closedReason !== undefined) return;
    this.closedReason = 'the publisher is closed';
    const deadline = Date.now() + this.timeoutMs;
    while ((this.pending.size > 0 || this.queue.length > 0) && Date.now() < deadline && !this.nc.isClosed())
      await new Promise((r) => setTimeout(r, 5));
    this.fail(this.closedReason);
    if (!this.nc.isClosed()) this.subscription.unsubscribe();
  }
}
