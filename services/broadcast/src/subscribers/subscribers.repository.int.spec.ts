import { DataSource, EntityManager } from 'typeorm';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { broadcastTestSchema } from '../migrations/broadcast-schema.test-support';
import { SubscriberChange } from './subscriber-change';
import { languageGroupsOf, SubscribersRepository } from './subscribers.repository';

const schema = broadcastTestSchema();
let dataSource: DataSource;
let repo: SubscribersRepository;
const t = (minute: number) => `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`;
const all = { categories: [], languages: [] };

beforeAll(async () => {
  dataSource = await schema.open();
  repo = new SubscribersRepository(dataSource);
});
afterAll(() => schema.close());

/**
 * The projection's changes one at a time, each in its own statements, as the consumer wrote them before
 * batches: the reference that `SubscribersRepository.applyAll` must end in the same state as.
 */
async function applyOne(manager: EntityManager, change: SubscriberChange): Promise<void> {
  switch (change.kind) {
    case 'subscription':
      await manager.query(
        `INSERT INTO subscribers (citizen_id, subscribed, status_at, subscribed_at, unsubscribed_at)
           VALUES ($1, $2, $3, CASE WHEN $2 THEN $3::timestamptz END, CASE WHEN NOT $2 THEN $3::timestamptz END)
           ON CONFLICT (citizen_id) DO UPDATE SET
             subscribed = EXCLUDED.subscribed,
             status_at = EXCLUDED.status_at,
             subscribed_at = CASE WHEN EXCLUDED.subscribed AND NOT subscribers.subscribed THEN EXCLUDED.status_at ELSE subscribers.subscribed_at END,
             unsubscribed_at = CASE WHEN NOT EXCLUDED.subscribed THEN EXCLUDED.status_at ELSE subscribers.unsubscribed_at END
           WHERE subscribers.status_at <= EXCLUDED.status_at
             AND (subscribers.subscribed IS DISTINCT FROM EXCLUDED.subscribed OR subscribers.status_at < EXCLUDED.status_at)`,
        [change.citizenId, change.subscribed, change.at],
      );
      return;
    case 'notices':
      await upsertField(manager, change.citizenId, 'notices = $2, notices_at = $3', 'notices_at', [
        change.notices,
        change.at,
      ]);
      return;
    case 'language':
      await upsertField(manager, change.citizenId, 'language = $2, language_at = $3', 'language_at', [
        change.language,
        change.at,
      ]);
      return;
    case 'categories':
      await upsertField(manager, change.citizenId, 'categories = $2, categories_at = $3', 'categories_at', [
        change.categories,
        change.at,
      ]);
      if (change.categories.length > 0) {
        await upsertField(manager, change.citizenId, 'notices = true, notices_at = $2', 'notices_at', [
          change.at,
        ]);
      }
      return;
    case 'forget':
      await manager.query('DELETE FROM subscribers WHERE citizen_id = $1', [change.citizenId]);
      await manager.query('DELETE FROM campaign_recipients WHERE citizen_id = $1', [change.citizenId]);
      return;
  }
}

/** A field set for a citizen the projection has not seen subscribe yet makes a row that is not (yet) subscribed. */
async function upsertField(
  manager: EntityManager,
  citizenId: string,
  set: string,
  timeColumn: string,
  values: unknown[],
): Promise<void> {
  // The change's time is always the last value.
  const atParam = `$${values.length + 1}`;
  await manager.query(
    `INSERT INTO subscribers (citizen_id, subscribed, status_at) VALUES ($1, false, '-infinity') ON CONFLICT (citizen_id) DO NOTHING`,
    [citizenId],
  );
  await manager.query(`UPDATE subscribers SET ${set} WHERE citizen_id = $1 AND ${timeColumn} <= ${atParam}`, [
    citizenId,
    ...values,
  ]);
}

/** Changes as separate batches, in order. */
const apply = (...changes: SubscriberChange[]) =>
  dataSource.transaction(async (m) => {
    for (const c of changes) await repo.applyAll(m, [c]);
  });
const sub = (citizenId: string, subscribed: boolean, minute: number): SubscriberChange => ({
  kind: 'subscription',
  citizenId,
  subscribed,
  at: t(minute),
});

describe('subscribers projection', () => {
  it("ends in the same state when a batch's changes are written together as when applied one by one", async () => {
    // A small deterministic generator: the same sequences on every run.
    let seed = 7;
    const next = (n: number) => {
      // mulberry32: 32-bit integer steps, so every bit is random (a float LCG loses the low ones).
      seed = (seed + 0x6d2b79f5) | 0;
      let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
      return ((r ^ (r >>> 14)) >>> 0) % n;
    };
    const kinds = ['subscription', 'notices', 'language', 'categories', 'forget'] as const;
    for (let round = 0; round < 25; round++) {
      const changes = Array.from({ length: 12 }, (): SubscriberChange => {
        const citizenId = `c${next(3)}`;
        const when = t(next(10));
        switch (kinds[next(kinds.length)]) {
          case 'subscription':
            return { kind: 'subscription', citizenId, subscribed: next(2) === 1, at: when };
          case 'notices':
            return { kind: 'notices', citizenId, notices: next(2) === 1, at: when };
          case 'language':
            return { kind: 'language', citizenId, language: next(2) === 1 ? 'en' : 'cnr-Cyrl', at: when };
          case 'categories':
            return { kind: 'categories', citizenId, categories: next(2) === 1 ? ['health'] : [], at: when };
          default:
            return { kind: 'forget', citizenId };
        }
      });
      const as = (prefix: string) =>
        changes.map((c) => ({ ...c, citizenId: `viber:${prefix}-${round}-${c.citizenId}` }));
      await dataSource.transaction(async (m) => {
        for (const c of as('one')) await applyOne(m, c);
      });
      await dataSource.transaction((m) => repo.applyAll(m, as('all')));
      const state = async (prefix: string) =>
        (
          await dataSource.query(
            `SELECT substr(citizen_id, length($1) + 1) AS id, subscribed, status_at, subscribed_at, unsubscribed_at,
                    notices, notices_at, language, language_at, categories, categories_at
               FROM subscribers WHERE citizen_id LIKE $1 || '%' ORDER BY 1`,
            [`viber:${prefix}-${round}-`],
          )
        ).map((r: Record<string, unknown>) => JSON.stringify(r));
      expect(await state('all')).toEqual(await state('one'));
    }
  });

  it('keeps the newest subscription state whatever order the events are handled in', async () => {
    await apply(sub('viber:late', false, 5), sub('viber:late', true, 1));
    await apply(sub('viber:again', false, 1), sub('viber:again', true, 5));
    expect(await repo.find('viber:late')).toMatchObject({ subscribed: false });
    expect(await repo.find('viber:again')).toMatchObject({ subscribed: true });
  });

  it('keeps the newest language and categories, and an opt-out until categories are chosen again', async () => {
    await apply(
      sub('viber:lang', true, 1),
      { kind: 'language', citizenId: 'viber:lang', language: 'en', at: t(9) },
      { kind: 'language', citizenId: 'viber:lang', language: 'cnr-Cyrl', at: t(3) },
      { kind: 'notices', citizenId: 'viber:lang', notices: false, at: t(4) },
    );
    expect(await repo.find('viber:lang')).toMatchObject({ language: 'en', notices: false });
    await apply({ kind: 'categories', citizenId: 'viber:lang', categories: ['health'], at: t(6) });
    expect(await repo.find('viber:lang')).toMatchObject({ notices: true, categories: ['health'] });
  });

  it('remembers a language chosen before the subscription arrived', async () => {
    await apply({ kind: 'language', citizenId: 'viber:early', language: 'cnr-Cyrl', at: t(1) });
    expect(await repo.find('viber:early')).toMatchObject({ subscribed: false, language: 'cnr-Cyrl' });
    await apply(sub('viber:early', true, 2));
    expect(await repo.find('viber:early')).toMatchObject({ subscribed: true, language: 'cnr-Cyrl' });
  });

  it('erases a citizen who asks to be forgotten, with their campaign deliveries', async () => {
    await apply(sub('viber:forget', true, 1));
    await dataSource.query(
      `INSERT INTO campaign_recipients (campaign_id, citizen_id, batch_id, language) VALUES ('c', 'viber:forget', 'c:1', 'cnr-Latn')`,
    );
    await apply({ kind: 'forget', citizenId: 'viber:forget' });
    expect(await repo.find('viber:forget')).toBeUndefined();
    expect(
      await dataSource.query(`SELECT 1 FROM campaign_recipients WHERE citizen_id = 'viber:forget'`),
    ).toEqual([]);
  });

  it('pages an audience group with a keyset cursor, skipping unsubscribed and opted-out citizens', async () => {
    await dataSource.query('DELETE FROM subscribers');
    await apply(
      ...['a', 'b', 'c', 'd', 'e'].map((x) => sub(`viber:${x}`, true, 1)),
      sub('viber:c', false, 2),
      { kind: 'notices', citizenId: 'viber:d', notices: false, at: t(2) },
    );
    await apply({ kind: 'language', citizenId: 'viber:e', language: 'en', at: t(2) });
    const m = dataSource.manager;
    expect(await repo.nextPage(m, all, 'cnr-Latn', '', 1)).toEqual(['viber:a']);
    expect(await repo.nextPage(m, all, 'cnr-Latn', 'viber:a', 10)).toEqual(['viber:b']);
    expect(await repo.nextPage(m, all, 'en', '', 10)).toEqual(['viber:e']);
    expect(await repo.audienceSize(all)).toEqual({
      total: 3,
      byLanguage: { 'cnr-Latn': 2, 'cnr-Cyrl': 0, en: 1 },
    });
    expect(languageGroupsOf({ categories: [], languages: ['en', 'cnr-Latn'] })).toEqual(['cnr-Latn', 'en']);
  });
});

describe('delivery receipts', () => {
  it('match a receipt that arrives before the report of its batch', async () => {
    const delivery = new DeliveryRepository(dataSource);
    await dataSource.query(`INSERT INTO campaign_fanout (campaign_id) VALUES ('k')`);
    await dataSource.transaction((m) =>
      delivery.recordBatches(m, {
        campaignId: 'k',
        language: 'cnr-Latn',
        languageIndex: 0,
        batches: [{ batchId: 'k:1', sequence: 1, citizenIds: ['viber:a', 'viber:b'] }],
      }),
    );
    expect(
      await delivery.recordReceipt('seen', { citizenId: 'viber:a', channelMessageId: '777', at: t(5) }),
    ).toBe(false);
    await dataSource.transaction((m) =>
      delivery.recordBatchSent(
        m,
        {
          batchId: 'k:1',
          campaignId: 'k',
          origin: 'broadcast',
          channelMessageId: '777',
          sent: ['viber:a'],
          failed: [{ citizenId: 'viber:b', reason: 'notSubscribed', code: 6 }],
          attempts: 1,
        },
        t(4),
      ),
    );
    expect(
      await delivery.recordReceipt('delivered', { citizenId: 'viber:a', channelMessageId: '777', at: t(6) }),
    ).toBe(true);
    const stats = await delivery.stats('k', t(0));
    expect(stats).toMatchObject({
      planned: 2,
      sent: 1,
      delivered: 1,
      seen: 1,
      failed: { total: 1, byReason: { notSubscribed: 1 } },
      batches: { planned: 1, completed: 1 },
    });
    // The seen receipt came first: delivered keeps its time, not the later delivered receipt's.
    const [row] = await dataSource.query(
      `SELECT delivered_at FROM campaign_recipients WHERE citizen_id = 'viber:a'`,
    );
    expect(new Date(row.delivered_at).toISOString()).toBe(t(5));
  });
});
