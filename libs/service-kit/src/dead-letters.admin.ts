import { DomainError, DomainErrorKind } from '@citizen-desk/contracts';
import {
  DeadLetterKind,
  DeadLetterSelection,
  NATS_SERVICES,
  NatsService,
  subjectsNotPublishableBy,
} from '@citizen-desk/messaging';

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

/** What a replay from a service's admin route has to go on. */
export interface ReplayContext {
  /** The service, as it signs in to NATS when it has a user of its own. */
  service: string;
  /** NATS_USER: the service's own (restricted) user when it equals `service`; unset: unrestricted. */
  natsUser: string | undefined;
  namespace: string;
  /** The consumer as the request named it, for the command to run instead. */
  consumer: string;
  selection: DeadLetterSelection;
  /** The original subjects of the selected messages. */
  subjects: readonly string[];
}

/**
 * Why a replay cannot run here, or undefined when it can. A service signed in as its own NATS user
 * may publish only its own events and commands; a replay re-publishes on the original subject, which
 * for most consumers is another service's. Rather than fail at the broker (a time-out, a permission
 * violation in the server's log), the route says so and names the operators' command, which runs
 * with a user allowed to replay anything.
 */
export function replayRefusal(ctx: ReplayContext): DeadLettersRejected | undefined {
  if (ctx.natsUser !== ctx.service || !(NATS_SERVICES as readonly string[]).includes(ctx.service))
    return undefined;
  const denied = subjectsNotPublishableBy(ctx.service as NatsService, ctx.namespace, ctx.subjects);
  if (denied.length === 0) return undefined;
  const options = [
    ctx.selection.kind ? ` --kind ${ctx.selection.kind}` : '',
    ctx.selection.seq ? ` --seq ${ctx.selection.seq}` : '',
  ].join('');
  return new DeadLettersRejected(
    'conflict',
    'replay-needs-operator-user',
    `replaying publishes on ${denied.join(', ')}, which the ${ctx.service} service's NATS user may not ` +
      `(a service publishes only its own events); run \`npm run dead-letters -- replay ${ctx.consumer}${options}\` ` +
      "with the operators' NATS user instead",
  );
}
