import { DomainError, DomainErrorKind } from '@citizen-desk/contracts';
import { DeadLetterKind, DeadLetterSelection } from '@citizen-desk/messaging';

/** A refused dead-letter request: an unknown consumer of this service, or a malformed selection. */
export class DeadLettersRejected extends DomainError {
  constructor(
    readonly kind: DomainErrorKind,
    reason: string,
    message: string,
  ) {
    super(reason, message);
  }
}

const KINDS: readonly DeadLetterKind[] = ['dead', 'parked'];
const MAX_LIST = 1000;

/**
 * The selection of a list, replay or drop from a request's query: `kind` (dead or parked; both when
 * absent), `seq` (one message, by its sequence in the dead-letter stream), `limit` (list only).
 */
export function selectionOf(query: Record<string, unknown>, defaultLimit?: number): DeadLetterSelection {
  const selection: DeadLetterSelection = {};
  const { kind, seq, limit } = query;
  if (kind !== undefined) {
    if (!KINDS.includes(kind as DeadLetterKind))
      throw new DeadLettersRejected('invalid', 'bad-kind', 'kind must be dead or parked');
    selection.kind = kind as DeadLetterKind;
  }
  if (seq !== undefined) selection.seq = positiveInteger(seq, 'seq');
  if (limit !== undefined) selection.limit = Math.min(MAX_LIST, positiveInteger(limit, 'limit'));
  else if (defaultLimit !== undefined) selection.limit = defaultLimit;
  return selection;
}

function positiveInteger(value: unknown, name: string): number {
  const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new DeadLettersRejected('invalid', `bad-${name}`, `${name} must be a positive integer`);
  return n;
}

/**
 * The durable name on the server of one of this service's consumers, named as the service names it
 * (`dialog`) or as the server does (`<namespace>-dialog`); a consumer of another service is not ours
 * to replay (its handlers do not run here, so its replay could not be checked by this one).
 */
export function durableOf(consumer: string, namespace: string, durables: readonly string[]): string {
  const full = consumer.startsWith(`${namespace}-`) ? consumer : `${namespace}-${consumer}`;
  if (!durables.includes(full))
    throw new DeadLettersRejected(
      'not-found',
      'unknown-consumer',
      `this service has no consumer ${consumer}`,
    );
  return full;
}
