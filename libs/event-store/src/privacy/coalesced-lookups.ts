/**
 * Concurrent callers (the webhook: one callback each, a burst of new citizens at once) share
 * statements: one is in flight at a time, and what is asked meanwhile goes out together in the
 * next, so the busier it gets the more each statement answers.
 */
export class CoalescedLookups<V> {
  private waiting: Array<{
    ids: string[];
    resolve: (found: Map<string, V>) => void;
    reject: (e: unknown) => void;
  }> = [];
  private running = false;

  constructor(private readonly lookUp: (ids: string[]) => Promise<Map<string, V>>) {}

  get(ids: string[]): Promise<Map<string, V>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ids, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.waiting.length === 0) return;
    const waiters = this.waiting.splice(0);
    this.running = true;
    this.lookUp([...new Set(waiters.flatMap((w) => w.ids))])
      .then(
        (found) => waiters.forEach((w) => w.resolve(found)),
        (e) => waiters.forEach((w) => w.reject(e)),
      )
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}
