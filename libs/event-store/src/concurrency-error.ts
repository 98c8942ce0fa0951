export type ExpectedVersion = number | 'no-stream' | 'any';

/** The stream moved on since the caller read it: reload, decide again, retry. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's version when the conflict was seen; undefined when another append won the race mid-transaction. */
    readonly actual: number | undefined,
  ) {
    super(
      `stream ${streamId}: expected version ${String(expected)}, ` +
        (actual === undefined ? 'but a concurrent append won' : `but it is at ${actual}`),
    );
    this.name = 'ConcurrencyError';
  }
}

/** The same event id was appended before: the event is already recorded. */
export class DuplicateEventError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId}: an event with one of these ids is already recorded`);
    this.name = 'DuplicateEventError';
  }
}

/** What `expectedVersion` means as the stream's current last version; undefined when anything goes. */
export function expectedLastVersion(expected: ExpectedVersion): number | undefined {
  if (expected === 'any') return undefined;
  if (expected === 'no-stream') return 0;
  if (!Number.isInteger(expected) || expected < 0) throw new Error(`invalid expected version ${expected}`);
  return expected;
}
