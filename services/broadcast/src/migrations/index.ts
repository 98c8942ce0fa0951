import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The subscribers projection, the campaigns read model, and the fan-out's progress and recipients.
 * Citizen ids sort in the "C" collation: the audience is read with a keyset cursor on them, and byte
 * order is both the fastest and the same on every server.
 */
export class CreateBroadcastTables1732500000500 implements MigrationInterface {
  name = 'CreateBroadcastTables1732500000500';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS subscribers (
      citizen_id text COLLATE "C" PRIMARY KEY,
      subscribed boolean NOT NULL,
      status_at timestamptz NOT NULL,
      subscribed_at timestamptz,
      unsubscribed_at timestamptz,
      notices boolean NOT NULL DEFAULT true,
      notices_at timestamptz NOT NULL DEFAULT '-infinity',
      language text,
      language_at timestamptz NOT NULL DEFAULT '-infinity',
      categories text[] NOT NULL DEFAULT '{}',
      categories_at timestamptz NOT NULL DEFAULT '-infinity'
    )`);
    await q.query(`CREATE INDEX IF NOT EXISTS subscribers_audience
      ON subscribers ((coalesce(language, 'cnr-Latn')), citizen_id) WHERE subscribed AND notices`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS subscribers_unsubscribed ON subscribers (unsubscribed_at) WHERE unsubscribed_at IS NOT NULL`,
    );
    await q.query(`CREATE TABLE IF NOT EXISTS campaigns (
      campaign_id text PRIMARY KEY,
      department text NOT NULL,
      status text NOT NULL,
      send_at timestamptz,
      state jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX IF NOT EXISTS campaigns_due ON campaigns (status, send_at)`);
    await q.query(`CREATE TABLE IF NOT EXISTS campaign_fanout (
      campaign_id text PRIMARY KEY,
      language_index int NOT NULL DEFAULT 0,
      cursor text COLLATE "C" NOT NULL DEFAULT '',
      next_sequence int NOT NULL DEFAULT 1,
      planning_done boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE TABLE IF NOT EXISTS campaign_batches (
      batch_id text PRIMARY KEY,
      campaign_id text NOT NULL,
      sequence int NOT NULL,
      language text NOT NULL,
      recipients int NOT NULL,
      channel_message_id text,
      sent int,
      failed int,
      planned_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz
    )`);
    // Counts per campaign come from its batches: no counter row that every batch report would queue on.
    await q.query(`CREATE INDEX IF NOT EXISTS campaign_batches_campaign ON campaign_batches (campaign_id)`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS campaign_batches_channel ON campaign_batches (channel_message_id) WHERE channel_message_id IS NOT NULL`,
    );
    await q.query(`CREATE TABLE IF NOT EXISTS campaign_recipients (
      campaign_id text NOT NULL,
      citizen_id text COLLATE "C" NOT NULL,
      batch_id text NOT NULL,
      language text NOT NULL,
      sent_at timestamptz,
      failed_reason text,
      failed_code int,
      delivered_at timestamptz,
      seen_at timestamptz,
      receipt_failed_at timestamptz,
      receipt_failed_reason text,
      PRIMARY KEY (campaign_id, citizen_id)
    )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS campaign_recipients_citizen ON campaign_recipients (citizen_id)`,
    );
    // A receipt can overtake the gateway's report of the batch it belongs to; it waits here until the batch is known.
    await q.query(`CREATE TABLE IF NOT EXISTS unmatched_receipts (
      channel_message_id text NOT NULL,
      citizen_id text COLLATE "C" NOT NULL,
      kind text NOT NULL,
      at timestamptz NOT NULL,
      reason text,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (channel_message_id, citizen_id, kind)
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'unmatched_receipts',
      'campaign_recipients',
      'campaign_batches',
      'campaign_fanout',
      'campaigns',
      'subscribers',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

/** Staff members' own Viber accounts (for test sends), the one-time codes that link them, and test sends per hour. */
export class CreateStaffViberLinks1764480000500 implements MigrationInterface {
  name = 'CreateStaffViberLinks1764480000500';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS staff_viber_link_codes (
      code text PRIMARY KEY,
      staff_id text NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS staff_viber_link_codes_staff ON staff_viber_link_codes (staff_id)`,
    );
    await q.query(`CREATE TABLE IF NOT EXISTS staff_viber_links (
      staff_id text PRIMARY KEY,
      citizen_id text NOT NULL,
      linked_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE IF NOT EXISTS campaign_test_sends (
      staff_id text NOT NULL,
      sent_at timestamptz NOT NULL
    )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS campaign_test_sends_staff ON campaign_test_sends (staff_id, sent_at)`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS campaign_test_sends`);
    await q.query(`DROP TABLE IF EXISTS staff_viber_links`);
    await q.query(`DROP TABLE IF EXISTS staff_viber_link_codes`);
  }
}

/**
 * What the fan-out needs so that no campaign stalls: when an unreported batch is looked at again and how
 * often it was issued, and how often a rate-limited recipient was retried (exhausted: given up on).
 */
export class AddFanoutRecovery1764500000500 implements MigrationInterface {
  name = 'AddFanoutRecovery1764500000500';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign_batches ADD COLUMN IF NOT EXISTS reissues int NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE campaign_batches ADD COLUMN IF NOT EXISTS check_at timestamptz`);
    await q.query(`ALTER TABLE campaign_recipients ADD COLUMN IF NOT EXISTS retries int NOT NULL DEFAULT 0`);
    await q.query(
      `ALTER TABLE campaign_recipients ADD COLUMN IF NOT EXISTS retry_exhausted boolean NOT NULL DEFAULT false`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS campaign_recipients_rate_limited
      ON campaign_recipients (campaign_id) WHERE failed_code = 12 AND NOT retry_exhausted`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS campaign_recipients_rate_limited`);
    await q.query(`ALTER TABLE campaign_recipients DROP COLUMN IF EXISTS retry_exhausted`);
    await q.query(`ALTER TABLE campaign_recipients DROP COLUMN IF EXISTS retries`);
    await q.query(`ALTER TABLE campaign_batches DROP COLUMN IF EXISTS check_at`);
    await q.query(`ALTER TABLE campaign_batches DROP COLUMN IF EXISTS reissues`);
  }
}

/**
 * A finished campaign's funnel, kept when its per-recipient records go after their retention
 * (CAMPAIGN_RECIPIENT_RETENTION_DAYS), so that the campaign's view still shows what it was.
 */
export class CampaignFinalStats1764600000500 implements MigrationInterface {
  name = 'CampaignFinalStats1764600000500';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS campaign_final_stats (
      campaign_id text PRIMARY KEY,
      stats jsonb NOT NULL,
      kept_at timestamptz NOT NULL DEFAULT now()
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS campaign_final_stats');
  }
}

/**
 * Uncertain sends: recipients of a batch whose call the gateway began but never recorded, waiting
 * (since when) for Viber's receipts, and whether they were sent to once more already. Receipts of an
 * unknown message token are looked up by citizen to reconcile them.
 */
export class AddUncertainSends1764510000500 implements MigrationInterface {
  name = 'AddUncertainSends1764510000500';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign_recipients ADD COLUMN IF NOT EXISTS uncertain_since timestamptz`);
    await q.query(
      `ALTER TABLE campaign_recipients ADD COLUMN IF NOT EXISTS uncertain_resent boolean NOT NULL DEFAULT false`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS campaign_recipients_uncertain
      ON campaign_recipients (campaign_id) WHERE uncertain_since IS NOT NULL`);
    await q.query(`CREATE INDEX IF NOT EXISTS unmatched_receipts_citizen ON unmatched_receipts (citizen_id)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS unmatched_receipts_citizen`);
    await q.query(`DROP INDEX IF EXISTS campaign_recipients_uncertain`);
    await q.query(`ALTER TABLE campaign_recipients DROP COLUMN IF EXISTS uncertain_resent`);
    await q.query(`ALTER TABLE campaign_recipients DROP COLUMN IF EXISTS uncertain_since`);
  }
}

export const broadcastMigrations = [
  CreateBroadcastTables1732500000500,
  CreateStaffViberLinks1764480000500,
  AddFanoutRecovery1764500000500,
  AddUncertainSends1764510000500,
  CampaignFinalStats1764600000500,
];
