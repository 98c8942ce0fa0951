import { retentionCutoff } from '@citizen-desk/service-kit';
import { DataSource } from 'typeorm';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { broadcastTestSchema } from '../migrations/broadcast-schema.test-support';
import {
  campaignRecipientsRule,
  unmatchedReceiptsRule,
  unsubscribedSubscribersRule,
} from './broadcast-retention';

const schema = broadcastTestSchema({ poolSize: 2 });
let db: DataSource;
let delivery: DeliveryRepository;
const now = new Date('2026-11-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

beforeAll(async () => {
  db = await schema.open();
  delivery = new DeliveryRepository(db);
});

afterAll(() => schema.close());

/** A campaign in a status, last changed `updatedAt`, with three recipients: sent, delivered and seen, failed. */
async function campaign(id: string, status: string, updatedAt: Date) {
  await db.query(
    `INSERT INTO campaigns (campaign_id, department, status, state, updated_at) VALUES ($1, 'tax', $2, $3::jsonb, $4)`,
    [id, status, JSON.stringify({ startedAt: daysAgo(1000).toISOString() }), updatedAt],
  );
  const at = daysAgo(1000);
  await db.query(
    `INSERT INTO campaign_recipients (campaign_id, citizen_id, batch_id, language, sent_at, delivered_at, seen_at, failed_reason)
     VALUES ($1, 'viber:a', 'b1', 'cnr-Latn', $2, NULL, NULL, NULL),
            ($1, 'viber:b', 'b1', 'cnr-Latn', $2, $2, $2, NULL),
            ($1, 'viber:c', 'b1', 'cnr-Latn', NULL, NULL, NULL, 'notSubscribed')`,
    [id, at],
  );
}

const recipientsOf = async (id: string) =>
  (await db.query('SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1', [id]))[0].n;

describe('broadcast retention (real PostgreSQL)', () => {
  it('deletes the recipients of campaigns finished long ago, keeping each campaign’s funnel', async () => {
    await campaign('old-done', 'completed', daysAgo(100));
    await campaign('old-cancelled', 'cancelled', daysAgo(100));
    await campaign('recent-done', 'completed', daysAgo(10));
    await campaign('old-sending', 'sending', daysAgo(100));
    const before = await delivery.stats('old-done', daysAgo(1000).toISOString());
    expect(before).toMatchObject({ planned: 3, sent: 2, delivered: 1, seen: 1, failed: { total: 1 } });

    const rule = campaignRecipientsRule(90, delivery);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(6);
    expect(await recipientsOf('old-done')).toBe(0);
    expect(await recipientsOf('old-cancelled')).toBe(0);
    expect(await recipientsOf('recent-done')).toBe(3);
    expect(await recipientsOf('old-sending')).toBe(3);
    // What the campaign's view shows does not change.
    expect(await delivery.stats('old-done', daysAgo(1000).toISOString())).toEqual(before);
    // Nothing left to do on the next run.
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(0);
  });

  it('deletes receipts that matched no batch after an hour, and keeps those still waiting', async () => {
    const receipt = (token: string, receivedAt: Date) =>
      db.query(
        `INSERT INTO unmatched_receipts (channel_message_id, citizen_id, kind, at, received_at)
         VALUES ($1, 'viber:r', 'delivered', $2, $2)`,
        [token, receivedAt],
      );
    await receipt('reply-token', new Date(now.getTime() - 61 * 60_000));
    await receipt('late-batch-token', new Date(now.getTime() - 59 * 60_000));
    const rule = unmatchedReceiptsRule();
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(1);
    expect(await db.query('SELECT channel_message_id FROM unmatched_receipts')).toEqual([
      { channel_message_id: 'late-batch-token' },
    ]);
  });

  it('deletes citizens who unsubscribed (or never subscribed) long ago, never a subscriber', async () => {
    const subscriber = (id: string, subscribed: boolean, statusAt: Date, languageAt = statusAt) =>
      db.query(
        `INSERT INTO subscribers (citizen_id, subscribed, status_at, subscribed_at, unsubscribed_at, language, language_at)
         VALUES ($1, $2, $3, $4, $5, 'en', $6)`,
        [id, subscribed, statusAt, subscribed ? statusAt : null, subscribed ? null : statusAt, languageAt],
      );
    await subscriber('viber:left-long-ago', false, daysAgo(91));
    await subscriber('viber:left-recently', false, daysAgo(89));
    await subscriber('viber:left-then-chose-language', false, daysAgo(200), daysAgo(10));
    await subscriber('viber:subscribed-long-ago', true, daysAgo(900));
    await db.query(
      `INSERT INTO subscribers (citizen_id, subscribed, status_at, language, language_at)
       VALUES ('viber:never-subscribed', false, '-infinity', 'ru', $1)`,
      [daysAgo(120)],
    );
    const rule = unsubscribedSubscribersRule(90);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(2);
    const left = await db.query('SELECT citizen_id FROM subscribers ORDER BY citizen_id');
    expect(left.map((r: { citizen_id: string }) => r.citizen_id)).toEqual([
      'viber:left-recently',
      'viber:left-then-chose-language',
      'viber:subscribed-long-ago',
    ]);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(0);
  });
});
