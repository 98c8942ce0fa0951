import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { testNamespace } from '../../testing/src/test-env';
import { RowSink } from './batch-writer';
import { EventStore } from './event-store';
import { counted, dropSchemas, openStore, outboxOf, unsubscribed } from './event-store.test-support';

const ns = testNamespace();
const schema = `${ns}_store`;
let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  dataSource = await openStore(schema, 10);
  store = new EventStore(dataSource, { namespace: ns });
  await dataSource.query(
    'CREATE TABLE effects (message_id uuid NOT NULL, key text NOT NULL, n int NOT NULL)',
  );
});

afterAll(async () => {
  await dataSource.destroy();
  await dropSchemas(schema);
});

beforeEach(async () => {
  await dataSource.query('TRUNCATE events, outbox, processed_messages, effects');
});

interface Item {
  id: string;
  key: string;
  n: number;
  fail?: 'throw' | 'sql' | 'conflict';
}
const item = (key: string, n: number, fail?: Item['fail']): Item => ({ id: randomUUID(), key, n, fail });

/** Records an effect row, appends to the key's stream and publishes; fails as the item says. */
function handle(batchItems: Item[]) {
  return store.processBatch('test', batchItems, {
    prepare: async (fresh, m) => store.readStreams([...new Set(fresh.map((i) => i.key))], m),
    effect: async (i, { manager, writer }, streams) => {
      await manager.query('INSERT INTO effects VALUES ($1, $2, $3)', [i.id, i.key, i.n]);
      if (i.fail === 'sql') await manager.query('SELECT 1/0');
      if (i.fail === 'throw') throw new Error(`item ${i.n} fails`);
      const stream = streams.get(i.key)!;
      const expected = i.fail === 'conflict' ? stream.version + 7 : stream.version;
      writer.append(i.key, expected, [counted(i.key, i.n)], {
        publish: false,
        alsoPublish: [unsubscribed(i.key, i.n)],
      });
      stream.version += 1;
    },
  });
}

const effects = async () =>
  (await dataSource.query('SELECT n FROM effects ORDER BY n')).map((r: { n: number }) => r.n);
const streamOf = async (key: string) =>
  (await store.readStream(key)).events.map((e) => (e.data as { by: number }).by);

describe('processBatch', () => {
  it('commits every effect, event and outbox row of a batch together', async () => {
    const items = [item('a', 1), item('b', 2), item('a', 3)];
    const outcomes = await handle(items);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done']);
    expect(await effects()).toEqual([1, 2, 3]);
    expect(await streamOf('a')).toEqual([1, 3]);
    expect(await outboxOf(dataSource)).toHaveLength(3);
  });

  it('has no second effect when the batch, or part of it, comes again', async () => {
    const items = [item('a', 1), item('b', 2)];
    await handle(items);
    const again = await handle([items[1], item('c', 3), items[0], items[0]]);
    expect(again.map((o) => o.status)).toEqual(['duplicate', 'done', 'duplicate', 'duplicate']);
    expect(await effects()).toEqual([1, 2, 3]);
    expect(await outboxOf(dataSource)).toHaveLength(3);
  });

  it.each(['throw', 'sql', 'conflict'] as const)(
    'rolls back a failing item alone (%s), holds its key, and commits its neighbours once',
    async (fail) => {
      const items = [item('a', 1), item('b', 2, fail), item('a', 3), item('b', 4), item('c', 5)];
      const outcomes = await handle(items);
      expect(outcomes.map((o) => o.status)).toEqual(['done', 'failed', 'done', 'held', 'done']);
      expect(outcomes[3]).toEqual({ status: 'held', behind: 1 });
      expect(await effects()).toEqual([1, 3, 5]);
      expect(await streamOf('b')).toEqual([]);
      expect(await outboxOf(dataSource)).toHaveLength(3);

      // Redelivered, the failed and the held item run (in order) and nothing else happens twice.
      const retried = await handle([items[1], items[3], items[0]].map((i) => ({ ...i, fail: undefined })));
      expect(retried.map((o) => o.status)).toEqual(['done', 'done', 'duplicate']);
      expect(await effects()).toEqual([1, 2, 3, 4, 5]);
      expect(await streamOf('b')).toEqual([2, 4]);
      expect(await outboxOf(dataSource)).toHaveLength(5);
    },
  );

  it('tells which of a batch’s ids were processed before, in one query', async () => {
    const [done, failed, unseen] = [item('a', 1), item('b', 2, 'throw'), item('c', 3)];
    await handle([done, failed]);
    const processed = await store.processedAmong('test', [done.id, failed.id, unseen.id]);
    expect(processed).toEqual(new Set([done.id]));
    expect(await store.processedAmong('test', [])).toEqual(new Set());
  });

  it('runs after-commit work only for items that committed', async () => {
    const ran: number[] = [];
    const items = [item('a', 1), item('b', 2, 'throw')];
    await store.processBatch('test', items, {
      effect: async (i, { afterCommit }) => {
        afterCommit(async () => void ran.push(i.n));
        if (i.fail) throw new Error('no');
      },
    });
    expect(ran).toEqual([1]);
  });

  it('keeps no processed ids for effects that are idempotent by themselves', async () => {
    const outcomes = await store.processBatch('test', [item('a', 1), item('b', 2)], {
      idempotentEffects: true,
      effect: async (i, { manager }) =>
        void (await manager.query('INSERT INTO effects VALUES ($1, $2, $3)', [i.id, i.key, i.n])),
    });
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done']);
    expect(await effects()).toEqual([1, 2]);
    expect(await dataSource.query('SELECT * FROM processed_messages')).toEqual([]);
  });

  it('has one effect when two replicas handle overlapping batches at once', async () => {
    const shared = [item('a', 1), item('b', 2), item('c', 3)];
    const [one, two] = await Promise.all([handle(shared), handle([...shared].reverse())]);
    const done = [...one, ...two].filter((o) => o.status === 'done');
    expect(done).toHaveLength(3);
    expect(await effects()).toEqual([1, 2, 3]);
  });

  describe('rows staged for a sink', () => {
    /** One multi-row insert per flush; it remembers how many statements it ran. */
    const effectSink = () => {
      const writes: number[] = [];
      const sink: RowSink<Item> = {
        write: async (manager, rows) => {
          writes.push(rows.length);
          await manager.query('INSERT INTO effects SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])', [
            rows.map((r) => r.id),
            rows.map((r) => r.key),
            rows.map((r) => r.n),
          ]);
        },
      };
      return { sink, writes };
    };

    it('are written in one statement for the whole batch, in the order staged', async () => {
      const { sink, writes } = effectSink();
      const outcomes = await store.processBatch('test', [item('a', 1), item('b', 2), item('a', 3)], {
        effect: async (i, { writer }) => writer.stage(sink, i),
      });
      expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done']);
      expect(writes).toEqual([3]);
      expect(await effects()).toEqual([1, 2, 3]);
    });

    it("are dropped with a failing item's effects while its neighbours' are written", async () => {
      const { sink } = effectSink();
      const outcomes = await store.processBatch('test', [item('a', 1), item('b', 2, 'throw'), item('c', 3)], {
        effect: async (i, { writer }) => {
          writer.stage(sink, i);
          if (i.fail) throw new Error('no');
        },
      });
      expect(outcomes.map((o) => o.status)).toEqual(['done', 'failed', 'done']);
      expect(await effects()).toEqual([1, 3]);
    });

    it('isolate the item whose rows the sink refuses', async () => {
      const sink: RowSink<Item> = {
        write: async (manager, rows) => {
          for (const r of rows) if (r.fail === 'sql') await manager.query('SELECT 1/0');
          await manager.query('INSERT INTO effects SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])', [
            rows.map((r) => r.id),
            rows.map((r) => r.key),
            rows.map((r) => r.n),
          ]);
        },
      };
      const outcomes = await store.processBatch('test', [item('a', 1), item('b', 2, 'sql'), item('c', 3)], {
        effect: async (i, { writer }) => writer.stage(sink, i),
      });
      expect(outcomes.map((o) => o.status)).toEqual(['done', 'failed', 'done']);
      expect(await effects()).toEqual([1, 3]);
    });
  });
});
