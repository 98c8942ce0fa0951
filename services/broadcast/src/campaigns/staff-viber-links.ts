import { randomInt } from 'node:crypto';
import { DomainError, DomainErrorKind } from '@citizen-desk/contracts';
import { DataSource, EntityManager } from 'typeorm';

/** How long a link code may be sent to the bot. */
export const LINK_CODE_TTL_SECONDS = 10 * 60;
/** Test sends one staff member may make in any hour. */
export const TEST_SENDS_PER_HOUR = 10;

/** No 0/O, 1/I: a code is typed by hand into Viber. Matches STAFF_LINK_CODE_PATTERN. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newLinkCode(): string {
  let code = 'LINK-';
  for (let i = 0; i < 6; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

const REFUSAL_KINDS = {
  'no-linked-viber': 'conflict',
  'too-many-test-sends': 'too-many',
} as const satisfies Record<string, DomainErrorKind>;

/** A test send refused: no Viber account linked yet, or the hour's tests used up. */
export class TestSendRefused extends DomainError {
  readonly kind: DomainErrorKind;

  constructor(reason: keyof typeof REFUSAL_KINDS, message: string) {
    super(reason, message);
    this.kind = REFUSAL_KINDS[reason];
  }
}

/**
 * Which Viber account is a staff member's own. Tests of a campaign go there and nowhere else: the
 * staff member proves the account is theirs by sending a one-time code from it to the bot.
 */
export class StaffViberLinks {
  constructor(private readonly dataSource: DataSource) {}

  /** A fresh code for the staff member; any earlier one stops working. */
  async issueCode(staffId: string, now = new Date()): Promise<{ code: string; expiresAt: string }> {
    const code = newLinkCode();
    const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_SECONDS * 1000);
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM staff_viber_link_codes WHERE staff_id = $1 OR expires_at < $2`, [
        staffId,
        now,
      ]);
      await m.query(`INSERT INTO staff_viber_link_codes (code, staff_id, expires_at) VALUES ($1, $2, $3)`, [
        code,
        staffId,
        expiresAt,
      ]);
    });
    return { code, expiresAt: expiresAt.toISOString() };
  }

  /** Links the sender of a valid code to the staff member it was issued to; answers whom, or null. */
  async redeem(manager: EntityManager, code: string, citizenId: string, at: string): Promise<string | null> {
    // TypeORM answers a DELETE … RETURNING with [rows, affected] rather than rows alone.
    const [rows]: [Array<{ staff_id: string }>, number] = await manager.query(
      `DELETE FROM staff_viber_link_codes WHERE code = $1 AND expires_at >= $2 RETURNING staff_id`,
      [code, at],
    );
    const staffId = rows[0]?.staff_id;
    if (!staffId) return null;
    await manager.query(
      `INSERT INTO staff_viber_links (staff_id, citizen_id, linked_at) VALUES ($1, $2, $3)
       ON CONFLICT (staff_id) DO UPDATE SET citizen_id = EXCLUDED.citizen_id, linked_at = EXCLUDED.linked_at`,
      [staffId, citizenId, at],
    );
    return staffId;
  }

  /**
   * Forgets the staff member's linked account and any code of theirs made before `before`; a link made
   * after it (reactivated and linked again, the news arriving late) stays. Whether a link went.
   */
  async unlink(manager: EntityManager, staffId: string, before: string): Promise<boolean> {
    await manager.query(
      `DELETE FROM staff_viber_link_codes WHERE staff_id = $1 AND expires_at <= $2::timestamptz + $3 * interval '1 second'`,
      [staffId, before, LINK_CODE_TTL_SECONDS],
    );
    const [, n]: [unknown, number] = await manager.query(
      'DELETE FROM staff_viber_links WHERE staff_id = $1 AND linked_at <= $2',
      [staffId, before],
    );
    return n > 0;
  }

  async linkOf(staffId: string): Promise<{ citizenId: string; linkedAt: string } | null> {
    const rows: Array<{ citizen_id: string; linked_at: Date }> = await this.dataSource.query(
      `SELECT citizen_id, linked_at FROM staff_viber_links WHERE staff_id = $1`,
      [staffId],
    );
    return rows[0] ? { citizenId: rows[0].citizen_id, linkedAt: rows[0].linked_at.toISOString() } : null;
  }

  /**
   * Runs a test send to the staff member's linked account within the hour's allowance, in one
   * transaction; the staff member's link row is locked, so two tests at once are counted one after the other.
   */
  async withTestSend<T>(
    staffId: string,
    send: (manager: EntityManager, citizenId: string) => Promise<T>,
    perHour = TEST_SENDS_PER_HOUR,
  ): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      const links: Array<{ citizen_id: string }> = await m.query(
        `SELECT citizen_id FROM staff_viber_links WHERE staff_id = $1 FOR UPDATE`,
        [staffId],
      );
      const citizenId = links[0]?.citizen_id;
      if (!citizenId)
        throw new TestSendRefused(
          'no-linked-viber',
          'link your own Viber account first: POST /broadcast/me/viber-link, then send the code to the bot',
        );
      await m.query(
        `DELETE FROM campaign_test_sends WHERE staff_id = $1 AND sent_at < now() - interval '1 hour'`,
        [staffId],
      );
      const [{ count }] = (await m.query(
        `SELECT count(*)::int AS count FROM campaign_test_sends WHERE staff_id = $1`,
        [staffId],
      )) as Array<{ count: number }>;
      if (count >= perHour)
        throw new TestSendRefused('too-many-test-sends', `at most ${perHour} test sends an hour`);
      const result = await send(m, citizenId);
      await m.query(`INSERT INTO campaign_test_sends (staff_id, sent_at) VALUES ($1, now())`, [staffId]);
      return result;
    });
  }
}
