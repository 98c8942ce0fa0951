/** What became of one item of a batch handled in one transaction. */
export type ItemOutcome =
  | { status: 'done' }
  /** Recorded by an earlier delivery (or twice in this batch): no second effect. */
  | { status: 'duplicate' }
  | { status: 'failed'; error: unknown }
  /** Not tried: an earlier item with the same key failed, and order per key must hold on redelivery. */
  | { status: 'held'; behind: number };

export interface LedgerItem {
  id: string;
  key: string;
}

/**
 * Decides, item by item in the batch's order, which items run, and records what came of them. Pure,
 * so the isolation rules are tested apart from the database: an item already processed is a
 * duplicate; after an item fails, its key is blocked and that key's later items are held.
 */
export class BatchLedger {
  private readonly outcomes: Array<ItemOutcome | undefined>;
  private readonly blockedBy = new Map<string, number>();
  private readonly firstIndexOf = new Map<string, number>();

  constructor(
    private readonly items: readonly LedgerItem[],
    fresh: ReadonlySet<string>,
  ) {
    this.outcomes = items.map((item, i) => {
      const first = !this.firstIndexOf.has(item.id);
      if (first) this.firstIndexOf.set(item.id, i);
      return first && fresh.has(item.id) ? undefined : { status: 'duplicate' };
    });
  }

  /** Whether item `i` should run now; marks it held when an earlier item of its key failed. */
  shouldRun(i: number): boolean {
    if (this.outcomes[i]) return false;
    const blocker = this.blockedBy.get(this.items[i].key);
    if (blocker === undefined) return true;
    this.outcomes[i] = { status: 'held', behind: blocker };
    return false;
  }

  succeeded(i: number): void {
    this.outcomes[i] = { status: 'done' };
  }

  failed(i: number, error: unknown): void {
    this.outcomes[i] = { status: 'failed', error };
    if (!this.blockedBy.has(this.items[i].key)) this.blockedBy.set(this.items[i].key, i);
  }

  /** Ids recorded as processed up front whose effect did not commit: they must be forgotten again. */
  unsettledIds(): string[] {
    return this.items
      .filter((_item, i) => {
        const o = this.outcomes[i];
        return o?.status === 'failed' || o?.status === 'held';
      })
      .map((item) => item.id);
  }

  /** Every item's outcome; an item never decided (the batch stopped early) counts as failed. */
  result(fallbackError: unknown = new Error('not handled')): ItemOutcome[] {
    return this.outcomes.map((o) => o ?? { status: 'failed', error: fallbackError });
  }
}
