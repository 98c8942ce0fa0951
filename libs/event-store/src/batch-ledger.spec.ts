import { BatchLedger } from './batch-ledger';

const items = [
  { id: 'm1', key: 'citizen-a' },
  { id: 'm2', key: 'citizen-b' },
  { id: 'm3', key: 'citizen-a' },
  { id: 'm4', key: 'citizen-b' },
];

describe('BatchLedger', () => {
  it('runs every fresh item and reports them done', () => {
    const ledger = new BatchLedger(items, new Set(['m1', 'm2', 'm3', 'm4']));
    items.forEach((_i, i) => {
      expect(ledger.shouldRun(i)).toBe(true);
      ledger.succeeded(i);
    });
    expect(ledger.result().map((o) => o.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(ledger.unsettledIds()).toEqual([]);
  });

  it('skips an item processed before as a duplicate', () => {
    const ledger = new BatchLedger(items, new Set(['m1', 'm2', 'm4']));
    expect(ledger.shouldRun(2)).toBe(false);
    expect(ledger.result()[2]).toEqual({ status: 'duplicate' });
  });

  it('runs the same id delivered twice in one batch only once', () => {
    const twice = [items[0], items[0]];
    const ledger = new BatchLedger(twice, new Set(['m1']));
    expect(ledger.shouldRun(0)).toBe(true);
    expect(ledger.shouldRun(1)).toBe(false);
    ledger.succeeded(0);
    expect(ledger.result().map((o) => o.status)).toEqual(['done', 'duplicate']);
  });

  it('holds the later items of a failed key, and lets the other keys through', () => {
    const ledger = new BatchLedger(items, new Set(['m1', 'm2', 'm3', 'm4']));
    const boom = new Error('boom');
    expect(ledger.shouldRun(0)).toBe(true);
    ledger.failed(0, boom);
    expect(ledger.shouldRun(1)).toBe(true);
    ledger.succeeded(1);
    expect(ledger.shouldRun(2)).toBe(false);
    expect(ledger.shouldRun(3)).toBe(true);
    ledger.succeeded(3);
    expect(ledger.result()).toEqual([
      { status: 'failed', error: boom },
      { status: 'done' },
      { status: 'held', behind: 0 },
      { status: 'done' },
    ]);
    expect(ledger.unsettledIds()).toEqual(['m1', 'm3']);
  });

  it('counts items never decided as failed', () => {
    const ledger = new BatchLedger(items.slice(0, 1), new Set(['m1']));
    expect(ledger.result()[0].status).toBe('failed');
  });
});
