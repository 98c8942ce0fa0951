import { retryDelayMs } from './batch-selection';
import { DeliveryOutcome } from './delivery';
import { isTransientError } from './transient-error';

/** What to do with a message once its batch was handled. */
export type Settlement =
  | { action: 'ack' }
  | { action: 'retry'; delayMs: number; reason: 'held' | 'transient' | 'failed'; failures: number }
  | { action: 'dead-letter'; failures: number };

export interface SettlementInput {
  outcome: DeliveryOutcome;
  /** 1 on the first delivery (transient retries count too). */
  deliveryCount: number;
  /** For a held message: the delivery count of the failed message it waits behind. */
  blockerDeliveryCount?: number;
  /** Non-transient failures of this message seen so far (before this one). */
  failuresBefore: number;
  /** Non-transient failures after which a message goes to the dead-letter stream. */
  maxFailures: number;
  backoffMs: (deliveryCount: number) => number;
}

/**
 * Done messages are acked. A message held behind a failed one of its key waits for it, and a transient
 * failure (database, broker, connection, time-out, lost race) is retried with back-off without limit:
 * neither counts as a failure of the message. Any other failure counts; the `maxFailures`-th sends the
 * message to the dead-letter stream, so that a poison message neither blocks its key for ever nor is lost.
 */
export function settlementOf(input: SettlementInput): Settlement {
  const { outcome, deliveryCount, failuresBefore, maxFailures, backoffMs } = input;
  if (outcome.ok) return { action: 'ack' };
  if (outcome.heldBehind !== undefined)
    return {
      action: 'retry',
      reason: 'held',
      delayMs: retryDelayMs(deliveryCount, input.blockerDeliveryCount, backoffMs),
      failures: failuresBefore,
    };
  if (isTransientError(outcome.error))
    return {
      action: 'retry',
      reason: 'transient',
      delayMs: backoffMs(deliveryCount),
      failures: failuresBefore,
    };
  const failures = failuresBefore + 1;
  if (failures >= maxFailures) return { action: 'dead-letter', failures };
  return { action: 'retry', reason: 'failed', delayMs: backoffMs(deliveryCount), failures };
}

/** One line for a header or a log: the error's name, SQLSTATE or code, and message, at most 1,000 characters. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return truncate(String(error));
  const code =
    (error as { driverError?: { code?: string } }).driverError?.code ?? (error as { code?: unknown }).code;
  const text = `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}`;
  return truncate(text);
}

function truncate(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 997)}...` : line;
}
