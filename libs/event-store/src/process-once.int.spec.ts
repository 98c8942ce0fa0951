import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { testNamespace } from '../../testing/src/test-env';
import { dropSchemas, openStore } from './event-store.test-support';
import { processOnce } from './process-once';

const ns = testNamespace();
const schema = `${ns}_store`;
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await openStore(schema);
  await dataSource.query('CREATE TABLE effects (message_id uuid NOT NULL, note text)');
});

afterAll(async () => {
  await dataSource.destroy();
  await dropSchemas(schema);
});

const recordEffect = (messageId: string) => async (m: EntityManager) => {
  await m.query('INSERT INTO effects (message_id) VALUES ($1)', [messageId]);
};
const effectsOf = async (messageId: string): Promise<number> =>
  (await dataSource.query('SELECT count(*)::int AS n FROM effects WHERE message_id = $1', [messageId]))[0].n;

describe('processOnce', () => {
  it('has one effect when the same message is handled twice', async () => {
    const id = randomUUID();
    expect(await processOnce(dataSource, 'dialog', id, recordEffect(id))).toBe('processed');
    expect(await processOnce(dataSource, 'dialog', id, recordEffect(id))).toBe('duplicate');
    expect(await effectsOf(id)).toBe(1);
  });

  it('has one effect when deliveries of the same message race', async () => {
    const id = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => processOnce(dataSource, 'dialog', id, recordEffect(id))),
    );
    expect(outcomes.filter((o) => o === 'processed')).toHaveLength(1);
    expect(await effectsOf(id)).toBe(1);
  });

  it('records nothing when the effect fails, so the redelivery does the work', async () => {
    const id = randomUUID();
    const failing = async (m: EntityManager) => {
      await recordEffect(id)(m);
      throw new Error('downstream down');
    };
    await expect(processOnce(dataSource, 'dialog', id, failing)).rejects.toThrow('downstream down');
    expect(await effectsOf(id)).toBe(0);
    expect(await processOnce(dataSource, 'dialog', id, recordEffect(id))).toBe('processed');
    expect(await effectsOf(id)).toBe(1);
  });

  it('keeps consumers apart: each has its own record of the message', async () => {
    const id = randomUUID();
    expect(await processOnce(dataSource, 'analytics', id, recordEffect(id))).toBe('processed');
    expect(await processOnce(dataSource, 'handoff', id, recordEffect(id))).toBe('processed');
    expect(await effectsOf(id)).toBe(2);
  });
});
