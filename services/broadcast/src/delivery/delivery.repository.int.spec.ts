import { DataSource } from 'typeorm';
import { broadcastTestSchema } from '../migrations/broadcast-schema.test-support';
import { DeliveryRepository, StagedReceipt } from './delivery.repository';

const schema = broadcastTestSchema();
let dataSource: DataSource;
let delivery: DeliveryRepository;
const t = (minute: number) => `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`;

beforeAll(async () => {
  dataSource = await schema.open();
  delivery = new DeliveryRepository(dataSource);
});
afterAll(() => schema.close());

/** A campaign of two batches: the first reported sent (message token `<c>-1`), the second not yet. */
async function campaign(c: string): Promise<void> {
  await dataSource.query(`INSERT INTO campaign_fanout (campaign_id) VALUES ($1)`, [c]);
  await dataSource.transaction((m) =>
    delivery.recordBatches(m, {
      campaignId: c,
      language: 'cnr-Latn',
      languageIndex: 0,
      batches: [
        { batchId: `${c}:1`, sequence: 1, citizenIds: [`${c}:a`, `${c}:b`, `${c}:c`] },
        { batchId: `${c}:2`, sequence: 2, citizenIds: [`${c}:d`] },
      ],
    }),
  );
  await reportSent(c, 1, [`${c}:a`, `${c}:b`, `${c}:c`]);
}

function reportSent(c: string, batch: number, sent: string[]): Promise<unknown> {
  return dataSource.transaction((m) =>
    delivery.recordBatchSent(
      m,
      {
        batchId: `${c}:${batch}`,
        campaignId: c,
        origin: 'broadcast',
        channelMessageId: `${c}-${batch}`,
        sent,
        failed: [],
        attempts: 1,
      },
      t(4),
    ),
  );
}

/**
 * One batch's receipts, in the order a consumer may meet them: a seen before its delivered, a receipt
 * delivered twice, one for a batch whose report has not come yet, one for a message that is not ours.
 */
function receiptsOf(c: string): StagedReceipt[] {
  const r = (kind: StagedReceipt['kind'], who: string, batch: number, minute: number, reason?: string) => ({
    kind,
    receipt: { citizenId: `${c}:${who}`, channelMessageId: `${c}-${batch}`, at: t(minute), reason },
  });
  return [
    r('seen', 'a', 1, 7),
    r('delivered', 'a', 1, 9),
    r('delivered', 'a', 1, 5),
    r('seen', 'b', 1, 6),
    r('failed', 'c', 1, 8, 'blocked'),
    r('delivered', 'd', 2, 6),
    r('delivered', 'x', 9, 6),
  ];
}

async function rowsOf(c: string) {
  const rows: Array<Record<string, unknown>> = await dataSource.query(
    `SELECT citizen_id, delivered_at, seen_at, receipt_failed_at, receipt_failed_reason
       FROM campaign_recipients WHERE campaign_id = $1 ORDER BY citizen_id`,
    [c],
  );
  const iso = (v: unknown) => (v === null ? null : new Date(v as string).toISOString());
  return rows.map((row) => ({
    who: String(row.citizen_id).slice(c.length + 1),
    delivered: iso(row.delivered_at),
    seen: iso(row.seen_at),
    failed: iso(row.receipt_failed_at),
    reason: row.receipt_failed_reason,
  }));
}

describe('delivery receipts recorded a batch at a time', () => {
  it("set each recipient's times once, the delivered time from its delivered receipt, in few statements", async () => {
    await campaign('all');
    await dataSource.transaction((m) => delivery.receipts.write(m, receiptsOf('all')));
    expect(await rowsOf('all')).toEqual([
      // Its seen receipt came first, but the batch applies delivered receipts first: the real time stays.
      { who: 'a', delivered: t(5), seen: t(7), failed: null, reason: null },
      { who: 'b', delivered: t(6), seen: t(6), failed: null, reason: null },
      { who: 'c', delivered: null, seen: null, failed: t(8), reason: 'blocked' },
      { who: 'd', delivered: null, seen: null, failed: null, reason: null },
    ]);
  });

  it('go in one statement per kind when they match reported batches', async () => {
    await dataSource.query(`INSERT INTO campaign_fanout (campaign_id) VALUES ('many')`);
    const citizens = Array.from({ length: 40 }, (_, i) => `many:${i}`);
    await dataSource.transaction((m) =>
      delivery.recordBatches(m, {
        campaignId: 'many',
        language: 'cnr-Latn',
        languageIndex: 0,
        batches: [{ batchId: 'many:1', sequence: 1, citizenIds: citizens }],
      }),
    );
    await reportSent('many', 1, citizens);
    const staged: StagedReceipt[] = citizens.flatMap((citizenId, i) => [
      { kind: 'delivered' as const, receipt: { citizenId, channelMessageId: 'many-1', at: t(5 + (i % 3)) } },
      { kind: 'seen' as const, receipt: { citizenId, channelMessageId: 'many-1', at: t(9) } },
    ]);
    let statements = 0;
    await dataSource.transaction(async (m) => {
      const query = m.query.bind(m);
      m.query = ((sql: string, params?: unknown[]) => (
        (statements += 1),
        query(sql, params)
      )) as typeof m.query;
      await delivery.receipts.write(m, staged);
    });
    expect(statements).toBe(2);
    const [counts] = await dataSource.query(
      `SELECT count(delivered_at)::int AS delivered, count(seen_at)::int AS seen,
              count(*) FILTER (WHERE delivered_at < seen_at)::int AS delivered_first
         FROM campaign_recipients WHERE campaign_id = 'many'`,
    );
    expect(counts).toEqual({ delivered: 40, seen: 40, delivered_first: 40 });
  });

  it('keep a receipt that overtook its batch until the batch is reported', async () => {
    await reportSent('all', 2, ['all:d']);
    expect((await rowsOf('all')).find((r) => r.who === 'd')).toMatchObject({ delivered: t(6) });
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM unmatched_receipts WHERE channel_message_id = 'all-9'`,
    );
    expect(n).toBe(1);
  });
});
