import {
  headers as natsHeaders,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  MsgHdrs,
  nanos,
  RetentionPolicy,
  StorageType,
  StoredMsg,
  StreamConfig,
} from 'nats';
import { decodeEnvelope } from './delivery';
import { assertNamespace, StreamSettings } from './stream-config';

/**
 * Dead letters and parked messages, one stream per installation (`<NS>_DEAD_LETTERS`), one subject
 * per consumer and kind: `dead-letters.<ns>.dead.<durable>` for messages a handler failed on too
 * often (or that are broken), `dead-letters.<ns>.parked.<durable>` for event types or versions the
 * consumer does not know yet. The subjects lie outside `<ns>.>`, the events stream's.
 *
 * A message keeps its bytes and headers; what happened is in `Dead-Letter-*` headers. Replaying
 * publishes it again to its original subject with `Citizen-Desk-Replay-For: <durable>`: only that
 * consumer handles it; the others filtering the subject acknowledge it unseen (they had it once).
 */
export type DeadLetterKind = 'dead' | 'parked';
export const DEAD_LETTER_KINDS: readonly DeadLetterKind[] = ['dead', 'parked'];

export const REPLAY_FOR_HEADER = 'Citizen-Desk-Replay-For';
const H = {
  consumer: 'Dead-Letter-Consumer',
  subject: 'Dead-Letter-Subject',
  seq: 'Dead-Letter-Stream-Seq',
  error: 'Dead-Letter-Error',
  deliveries: 'Dead-Letter-Deliveries',
  failures: 'Dead-Letter-Failures',
  at: 'Dead-Letter-At',
} as const;

export interface DeadLetter {
  /** Its sequence in the dead-letter stream: what replay and drop of one message take. */
  seq: number;
  kind: DeadLetterKind;
  consumer: string;
  /** Where it was published first, and where a replay puts it. */
  subject: string;
  /** Its sequence in the events stream when it failed. */
  originalSeq: number;
  error: string;
  deliveryCount: number;
  failures: number;
  at: string;
  messageId?: string;
  type?: string;
  version?: number;
  /** The message's own headers (trace context…), without the dead-letter ones. */
  headers: Record<string, string>;
}

export interface DeadLetterInfo {
  error: string;
  deliveryCount: number;
  failures: number;
}

export interface Selection {
  kind?: DeadLetterKind;
  /** One message, by its `seq` in the dead-letter stream. */
  seq?: number;
  /** At most this many, oldest first. */
  limit?: number;
}

export function deadLetterStreamNameOf(namespace: string): string {
  return `${assertNamespace(namespace).toUpperCase()}_DEAD_LETTERS`;
}

export function deadLetterSubjectOf(namespace: string, kind: DeadLetterKind, durable: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(durable)) throw new Error(`invalid consumer name "${durable}"`);
  return `dead-letters.${assertNamespace(namespace)}.${kind}.${durable}`;
}

/** Kept as long as the events (an outage within retention is retried, a dead letter waits as long). */
export function deadLetterStreamConfigOf(
  namespace: string,
  settings: StreamSettings,
): Partial<StreamConfig> & { name: string } {
  return {
    name: deadLetterStreamNameOf(namespace),
    subjects: [`dead-letters.${assertNamespace(namespace)}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(settings.duplicateWindowSeconds * 1000),
    max_age: nanos(settings.maxAgeDays * 24 * 3600 * 1000),
    num_replicas: settings.replicas,
    // Listing reads message by message with "next by subject".
    allow_direct: true,
  };
}

const NO_MESSAGE = '404';

/** nats.js has the direct-get API on its JetStreamManager, though its interface does not declare it. */
type WithDirectGet = JetStreamManager & {
  direct: { getMessage(stream: string, query: { seq: number; next_by_subj: string }): Promise<StoredMsg> };
};

export class DeadLetterStore {
  readonly streamName: string;

  /**
   * @param mayRepublish whether this connection may publish on a subject: a service signed in as its
   *   own NATS user may publish only its own events, so it leaves other subjects' parked messages to
   *   the operators' command rather than meet a permission violation at every start
   */
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly namespace: string,
    private readonly mayRepublish: (subject: string) => boolean = () => true,
  ) {
    this.streamName = deadLetterStreamNameOf(namespace);
  }

  /**
   * Stores a message that will not be handled, then the caller acks it on the source. The id is its
   * place in the events stream, so a crash between the two stores it once when it comes again.
   */
  async put(
    kind: DeadLetterKind,
    durable: string,
    m: Pick<JsMsg, 'subject' | 'seq' | 'data' | 'headers'>,
    info: DeadLetterInfo,
  ): Promise<void> {
    const h = natsHeaders();
    copyOwnHeaders(m.headers, h);
    h.set(H.consumer, durable);
    h.set(H.subject, m.subject);
    h.set(H.seq, String(m.seq));
    h.set(H.error, oneLine(info.error));
    h.set(H.deliveries, String(info.deliveryCount));
    h.set(H.failures, String(info.failures));
    h.set(H.at, new Date().toISOString());
    await this.js.publish(deadLetterSubjectOf(this.namespace, kind, durable), m.data, {
      headers: h,
      msgID: `${kind}:${durable}:${m.seq}`,
    });
  }

  /** The consumer's dead letters (or parked messages), oldest first. */
  async list(durable: string, selection: Selection = {}): Promise<DeadLetter[]> {
    return (await this.stored(durable, selection)).map((m) => this.describe(m));
  }

  /**
   * Publishes the selected messages again to their original subjects, for this consumer only, and
   * removes them here. Returns how many. A message that fails again comes back here.
   */
  async replay(durable: string, selection: Selection = {}): Promise<number> {
    let replayed = 0;
    for (const m of await this.stored(durable, selection)) {
      await this.republish(durable, m);
      await this.remove(m.seq);
      replayed += 1;
    }
    return replayed;
  }

  /** Removes the selected messages for good. Returns how many. */
  async drop(durable: string, selection: Selection = {}): Promise<number> {
    let dropped = 0;
    for (const m of await this.stored(durable, selection)) {
      await this.remove(m.seq);
      dropped += 1;
    }
    return dropped;
  }

  /**
   * Replays the consumer's parked messages that this code now understands (a newer replica taking
   * up what an older one parked), on subjects this connection may publish on. Replicas starting together may race: the replay's id is the parked
   * message's, so JetStream stores it once.
   */
  async takeUpParked(durable: string): Promise<number> {
    let taken = 0;
    for (const m of await this.stored(durable, { kind: 'parked' })) {
      if (!decodeEnvelope(m.data).ok || !this.mayRepublish(m.header.get(H.subject))) continue;
      await this.republish(durable, m);
      await this.remove(m.seq);
      taken += 1;
    }
    return taken;
  }

  /** Messages held now, per consumer and kind (the gauge). */
  async counts(): Promise<Array<{ consumer: string; kind: DeadLetterKind; count: number }>> {
    const prefix = `dead-letters.${this.namespace}.`;
    let subjects: Record<string, number> = {};
    try {
      const info = await this.jsm.streams.info(this.streamName, { subjects_filter: `${prefix}>` });
      subjects = info.state.subjects ?? {};
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
    return Object.entries(subjects).map(([subject, count]) => {
      const [kind, consumer] = subject.slice(prefix.length).split('.');
      return { consumer, kind: kind as DeadLetterKind, count };
    });
  }

  private async stored(durable: string, selection: Selection): Promise<StoredMsg[]> {
    const kinds = selection.kind ? [selection.kind] : DEAD_LETTER_KINDS;
    const limit = selection.limit ?? Infinity;
    const found: StoredMsg[] = [];
    for (const kind of kinds) {
      const subject = deadLetterSubjectOf(this.namespace, kind, durable);
      if (selection.seq !== undefined) {
        const m = await this.next(subject, selection.seq);
        if (m && m.seq === selection.seq) found.push(m);
        continue;
      }
      for (let seq = 1; found.length < limit;) {
        const m = await this.next(subject, seq);
        if (!m) break;
        found.push(m);
        seq = m.seq + 1;
      }
    }
    return found.sort((a, b) => a.seq - b.seq).slice(0, limit);
  }

  private async next(subject: string, seq: number): Promise<StoredMsg | undefined> {
    try {
      return await (this.jsm as WithDirectGet).direct.getMessage(this.streamName, {
        seq,
        next_by_subj: subject,
      });
    } catch (e) {
      if ((e as { code?: string }).code === NO_MESSAGE || isNotFound(e)) return undefined;
      throw e;
    }
  }

  private async republish(durable: string, m: StoredMsg): Promise<void> {
    const h = natsHeaders();
    copyOwnHeaders(m.header, h);
    h.set(REPLAY_FOR_HEADER, durable);
    await this.js.publish(m.header.get(H.subject), m.data, {
      headers: h,
      msgID: `replay:${this.streamName}:${m.seq}:${m.header.get(H.seq)}`,
    });
  }

  private async remove(seq: number): Promise<void> {
    try {
      await this.jsm.streams.deleteMessage(this.streamName, seq, false);
    } catch (e) {
      // Removed meanwhile (another replica's take-up, another operator): what was wanted.
      if (!/no message found|not found/i.test(String((e as Error).message))) throw e;
    }
  }

  private describe(m: StoredMsg): DeadLetter {
    const [, , kind, consumer] = m.subject.split('.');
    const own: Record<string, string> = {};
    for (const [k, v] of ownHeaders(m.header)) own[k] = v;
    let envelope: { id?: unknown; type?: unknown; version?: unknown } = {};
    try {
      envelope = JSON.parse(new TextDecoder().decode(m.data)) ?? {};
    } catch {
      // Broken messages are dead letters too; they are listed without an id.
    }
    return {
      seq: m.seq,
      kind: kind as DeadLetterKind,
      consumer,
      subject: m.header.get(H.subject),
      originalSeq: Number(m.header.get(H.seq)),
      error: m.header.get(H.error),
      deliveryCount: Number(m.header.get(H.deliveries)),
      failures: Number(m.header.get(H.failures)),
      at: m.header.get(H.at),
      messageId: typeof envelope.id === 'string' ? envelope.id : undefined,
      type: typeof envelope.type === 'string' ? envelope.type : undefined,
      version: typeof envelope.version === 'number' ? envelope.version : undefined,
      headers: own,
    };
  }
}

/** Headers that travel with the message: not the server's (Nats-*) nor ours about dead-lettering. */
function ownHeaders(from: MsgHdrs | undefined): Array<[string, string]> {
  if (!from) return [];
  const out: Array<[string, string]> = [];
  for (const [key, values] of from) {
    if (/^(nats-|dead-letter-)/i.test(key) || key.toLowerCase() === REPLAY_FOR_HEADER.toLowerCase()) continue;
    for (const v of values) out.push([key, v]);
  }
  return out;
}

function copyOwnHeaders(from: MsgHdrs | undefined, to: MsgHdrs): void {
  for (const [k, v] of ownHeaders(from)) to.append(k, v);
}

function oneLine(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 997)}...` : line;
}

function isNotFound(e: unknown): boolean {
  return (
    (e as { api_error?: { err_code?: number } }).api_error?.err_code === 10059 ||
    /stream not found/i.test(String((e as Error).message))
  );
}
