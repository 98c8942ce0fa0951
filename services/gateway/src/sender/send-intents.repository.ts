import { RetentionRule, statementRule } from '@citizen-desk/service-kit';
import { DataSource } from 'typeorm';
import { SendIntent, SendKind } from './send-intent';

interface IntentRow {
  send_key: string;
  command_id: string;
  kind: SendKind;
  state: 'calling' | 'answered';
  resent: boolean;
  attempted_at: Date;
}

export interface IntentToRecord {
  sendKey: string;
  commandId: string;
  kind: SendKind;
  /** Marks the send as resent after it was found uncertain (kept once set). */
  resent: boolean;
}

/** The send_intents table: what was about to be called, written before each Viber call. */
export class SendIntentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(sendKeys: readonly string[]): Promise<Map<string, SendIntent>> {
    if (sendKeys.length === 0) return new Map();
    const rows: IntentRow[] = await this.dataSource.query(
      'SELECT send_key, command_id, kind, state, resent, attempted_at FROM send_intents WHERE send_key = ANY($1::text[])',
      [[...new Set(sendKeys)]],
    );
    return new Map(
      rows.map((r) => [
        r.send_key,
        {
          sendKey: r.send_key,
          commandId: r.command_id,
          kind: r.kind,
          state: r.state,
          resent: r.resent,
          attemptedAt: new Date(r.attempted_at),
        },
      ]),
    );
  }

  /**
   * Records intents in one statement (one transaction) and answers the keys this command may call
   * now. A key held `calling` by another command (the same batch issued twice, sent by another
   * replica right now) is not taken: two calls of one batch must never run at once. Answers, per key
   * taken, the command that holds it.
   */
  async record(intents: readonly IntentToRecord[]): Promise<Map<string, string>> {
    if (intents.length === 0) return new Map();
    // One row per key: the statement cannot update a row twice.
    const unique = [...new Map(intents.map((i) => [i.sendKey, i])).values()].sort((a, b) =>
      a.sendKey < b.sendKey ? -1 : a.sendKey > b.sendKey ? 1 : 0,
    );
    const rows: Array<{ send_key: string; command_id: string }> = await this.dataSource.query(
      `INSERT INTO send_intents AS s (send_key, command_id, kind, state, resent, attempted_at)
       SELECT k, c, t, 'calling', r, clock_timestamp()
         FROM unnest($1::text[], $2::uuid[], $3::text[], $4::bool[]) AS x(k, c, t, r)
       ON CONFLICT (send_key) DO UPDATE
          SET command_id = EXCLUDED.command_id, state = 'calling', resent = s.resent OR EXCLUDED.resent,
              attempted_at = EXCLUDED.attempted_at
        WHERE s.state = 'answered' OR s.command_id = EXCLUDED.command_id
       RETURNING send_key, command_id`,
      [
        unique.map((i) => i.sendKey),
        unique.map((i) => i.commandId),
        unique.map((i) => i.kind),
        unique.map((i) => i.resent),
      ],
    );
    return new Map(rows.map((r) => [r.send_key, r.command_id]));
  }

  /** Viber answered these calls "not sent, try again": nothing is uncertain about them. */
  async markAnswered(intents: ReadonlyArray<{ sendKey: string; commandId: string }>): Promise<void> {
    if (intents.length === 0) return;
    await this.dataSource.query(
      `UPDATE send_intents s SET state = 'answered'
         FROM unnest($1::text[], $2::uuid[]) AS x(k, c)
        WHERE s.send_key = x.k AND s.command_id = x.c`,
      [intents.map((i) => i.sendKey), intents.map((i) => i.commandId)],
    );
  }

  /** Intents older than the stream keeps a command: no delivery can ask about them any more. */
}

/**
 * Writes intents as they come, in as few statements as the database's pace allows: the first goes
 * alone, and those asked for while a write is under way go together in the next. Each Viber call
 * still starts as soon as its own turn of the rate budget and its intent are there.
 */
export class IntentRecorder {
  private pending: Array<{
    intent: IntentToRecord;
    done: (taken: boolean) => void;
    fail: (e: unknown) => void;
  }> = [];
  private flushing = false;

  constructor(private readonly repo: SendIntentsRepository) {}

  /** Whether this command may call now (false: another command holds the batch's intent). */
  record(intent: IntentToRecord): Promise<boolean> {
    return new Promise((done, fail) => {
      this.pending.push({ intent, done, fail });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0);
        try {
          const taken = await this.repo.record(group.map((g) => g.intent));
          for (const g of group) g.done(taken.get(g.intent.sendKey) === g.intent.commandId);
        } catch (e) {
          for (const g of group) g.fail(e);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

/**
 * An intent matters while its command may still be delivered again (a redelivery must find it, or the
 * send could go twice): the stream's age is its retention.
 */
export function sendIntentsRule(days: number): RetentionRule {
  return statementRule('send-intents', days, 'DELETE FROM send_intents WHERE attempted_at < $1');
}
