import { DataSource, EntityManager } from 'typeorm';
import { BatchLedger, ItemOutcome, LedgerItem } from './batch-ledger';
import { BatchWriter } from './batch-writer';

export interface BatchScope {
  /** The batch's transaction. */
  manager: EntityManager;
  /** Appends and outbox rows staged here are written together with the batch's. */
  writer: BatchWriter;
  /** Runs once the batch has committed, if this item's effect is part of it. */
  afterCommit(work: () => Promise<void>): void;
}

export interface ProcessBatchOptions<I extends LedgerItem, P> {
  dataSource: DataSource;
  consumer: string;
  /** In the order they must take effect (per key: the order sent). */
  items: readonly I[];
  writerFor: (manager: EntityManager) => BatchWriter;
  /** Loads what the fresh items of the batch need in one go (e.g. every stream they touch). */
  prepare?: (fresh: I[], manager: EntityManager) => Promise<P>;
  effect: (item: I, scope: BatchScope, prepared: P) => Promise<void>;
  onAfterCommitError?: (error: unknown) => void;
  /** The effects are idempotent by themselves: no processed-id rows (every item counts as fresh). */
  idempotentEffects?: boolean;
}

type Mode = 'together' | 'isolated';

/**
 * Handles a batch of messages in one transaction, each with an effect at most once per
 * (consumer, message id): the processed ids go in with one multi-row insert and the ones already there
 * are dropped; the effects' appends and outbox rows go in with one statement; one commit.
 *
 * When any item fails, that transaction is rolled back and the batch runs again isolated: a SAVEPOINT
 * per item, so the failing item is rolled back alone (and its key's later items are held back) while
 * its neighbours commit. Savepoints are paid for only by batches that need them.
 */
export async function processBatch<I extends LedgerItem, P>(
  opts: ProcessBatchOptions<I, P>,
): Promise<ItemOutcome[]> {
  if (opts.items.length === 0) return [];
  const together = await runBatch(opts, 'together');
  const { outcomes, hooks } = together.ok ? together : await runBatch(opts, 'isolated');
  await runAfterCommit(hooks, opts.onAfterCommitError);
  return outcomes;
}

interface BatchRun {
  ok: boolean;
  outcomes: ItemOutcome[];
  hooks: Array<() => Promise<void>>;
}

class TogetherFailed extends Error {}

async function runBatch<I extends LedgerItem, P>(
  opts: ProcessBatchOptions<I, P>,
  mode: Mode,
): Promise<BatchRun> {
  try {
    return await opts.dataSource.transaction((manager) => runInTransaction(opts, mode, manager));
  } catch (e) {
    if (e instanceof TogetherFailed) return { ok: false, outcomes: [], hooks: [] };
    throw e;
  }
}

async function runInTransaction<I extends LedgerItem, P>(
  opts: ProcessBatchOptions<I, P>,
  mode: Mode,
  manager: EntityManager,
): Promise<BatchRun> {
  const fresh = opts.idempotentEffects
    ? new Set(opts.items.map((i) => i.id))
    : await recordProcessed(manager, opts.consumer, opts.items);
  const ledger = new BatchLedger(opts.items, fresh);
  const prepared = (await opts.prepare?.(
    opts.items.filter((item) => fresh.has(item.id)),
    manager,
  )) as P;
  const writer = opts.writerFor(manager);
  const hooks: Array<() => Promise<void>> = [];
  for (let i = 0; i < opts.items.length; i++) {
    if (!ledger.shouldRun(i)) continue;
    const itemHooks: Array<() => Promise<void>> = [];
    const scope: BatchScope = { manager, writer, afterCommit: (work) => itemHooks.push(work) };
    const run = () => opts.effect(opts.items[i], scope, prepared);
    if (mode === 'together') {
      if (!(await succeeds(run))) throw new TogetherFailed();
    } else {
      const failure = await runIsolated(manager, writer, run);
      if (failure) {
        ledger.failed(i, failure.error);
        continue;
      }
    }
    ledger.succeeded(i);
    hooks.push(...itemHooks);
  }
  if (!opts.idempotentEffects) await forgetUnsettled(manager, opts.consumer, ledger.unsettledIds());
  try {
    await writer.flush();
  } catch (e) {
    // Only the statement of the whole batch failed: isolating finds which item it was.
    if (mode === 'together') throw new TogetherFailed();
    throw e;
  }
  return { ok: true, outcomes: ledger.result(), hooks };
}

async function succeeds(run: () => Promise<void>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch {
    return false;
  }
}

/** Runs one item under its own savepoint, writing its staged rows inside it; says why when it failed. */
async function runIsolated(
  manager: EntityManager,
  writer: BatchWriter,
  run: () => Promise<void>,
): Promise<{ error: unknown } | undefined> {
  await manager.query('SAVEPOINT batch_item');
  try {
    await run();
    await writer.flush();
    await manager.query('RELEASE SAVEPOINT batch_item');
    return undefined;
  } catch (error) {
    await manager.query('ROLLBACK TO SAVEPOINT batch_item');
    writer.discard();
    return { error };
  }
}

/** One insert for the whole batch; ids in a fixed order so two replicas never wait on each other in a cycle. */
async function recordProcessed(
  manager: EntityManager,
  consumer: string,
  items: readonly LedgerItem[],
): Promise<Set<string>> {
  const ids = [...new Set(items.map((i) => i.id))].sort();
  const rows: Array<{ message_id: string }> = await manager.query(
    `INSERT INTO processed_messages (consumer, message_id)
     SELECT $1, id FROM unnest($2::uuid[]) AS id
     ON CONFLICT DO NOTHING RETURNING message_id`,
    [consumer, ids],
  );
  return new Set(rows.map((r) => r.message_id));
}

/** Failed and held items were recorded as processed up front; their next delivery must run them. */
async function forgetUnsettled(manager: EntityManager, consumer: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await manager.query('DELETE FROM processed_messages WHERE consumer = $1 AND message_id = ANY($2::uuid[])', [
    consumer,
    ids,
  ]);
}

async function runAfterCommit(
  hooks: Array<() => Promise<void>>,
  onError?: (e: unknown) => void,
): Promise<void> {
  for (const hook of hooks) {
    try {
      await hook();
    } catch (e) {
      onError?.(e);
    }
  }
}
