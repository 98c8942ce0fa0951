import { createServiceDataSource } from '@citizen-desk/event-store';
import { retentionCutoff } from '@citizen-desk/service-kit';
import { cleanupNamespace, testDatabaseUrl, testNamespace } from '@citizen-desk/testing';
import { DataSource } from 'typeorm';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { broadcastMigrations } from '../migrations';
import { campaignRecipientsRule } from './broadcast-retention';

const ns = testNamespace();
let db: DataSource;
let delivery: DeliveryRepository;
const now = new Date('2026-11-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

beforeAll(async () => {
  db = await createServiceDataSource({
    url: testDatabaseUrl(),
    schema: `${ns}_broadcast`,
    poolSize: 2,
    migrations: broadcastMigrations,
    createDatabase: false,
  });
  delivery = new DeliveryRepository(db);
});

afterAll(async () => {
  await db.destroy();
  await cleanupNamespace(ns);
});

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
});
