/**
 * Whether a failure is the environment's rather than the message's: the database or the broker
 * unavailable, a connection lost or timed out, a transaction that lost a race (serialization failure,
 * deadlock, optimistic concurrency). Such a message is retried for as long as it takes; any other
 * failure counts towards dead-lettering it. Pure: looks only at the error (and what it wraps).
 */
export function isTransientError(error: unknown): boolean {
  return causesOf(error).some(isTransientItself);
}

/**
 * PostgreSQL SQLSTATE classes and codes that say "try again": 08 connection exception, 40 transaction
 * rollback (40001 serialization failure, 40P01 deadlock), 53 insufficient resources (too many
 * connections, disk full), 57P01–57P05 shutdown / cannot connect now / idle session timeout, 57014 a
 * statement cancelled by its time-out, 55P03 lock not available, 58 system I/O errors, and 25006
 * read-only transaction (a standby promoted away from under us during a fail-over).
 */
const TRANSIENT_PG_CLASSES = new Set(['08', '40', '53', '58']);
const TRANSIENT_PG_CODES = new Set(['57P01', '57P02', '57P03', '57P04', '57P05', '57014', '55P03', '25006']);

/** Socket errors from Node (pg, the NATS client, fetch). */
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * NATS client error codes (nats.js ErrorCode) that mean the broker is not there right now: closed,
 * draining, refused or lost connections, request time-outs, no responders (503: JetStream not up),
 * 408 request timeout and 409 too many pending pulls.
 */
const TRANSIENT_NATS_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DRAINING',
  'CONNECTION_REFUSED',
  'CONNECTION_TIMEOUT',
  'DISCONNECT',
  'TIMEOUT',
  'REQUEST_ERROR',
  '503',
  '408',
  '409',
]);

/** JetStream API errors: 10008 temporarily unavailable, 10023 insufficient resources, 10077 store failed. */
const TRANSIENT_JETSTREAM_API_CODES = new Set([10008, 10023, 10077]);

/** Errors of our own libraries that only say the broker or a concurrent writer was in the way. */
const TRANSIENT_ERROR_NAMES = new Set([
  'ConcurrencyError', // optimistic concurrency on a stream: read again and decide again
  'NotStoredError', // JetStream did not store a publish
  'PostgresUnreachableError',
  'NatsUnreachableError',
]);

const TRANSIENT_MESSAGES =
  /Connection terminated|timeout expired|Connection timed out|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)|terminating connection|Cannot use a pool after calling end|connection (is )?closed|no responders|JetStream not enabled/i;

function isTransientItself(e: object): boolean {
  const { code, name, message, api_error } = e as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    api_error?: { err_code?: number; code?: number };
  };
  if (typeof code === 'string') {
    // A SQLSTATE is five characters of digits and capitals; a socket or NATS code is not.
    if (
      /^[0-9A-Z]{5}$/.test(code) &&
      (TRANSIENT_PG_CLASSES.has(code.slice(0, 2)) || TRANSIENT_PG_CODES.has(code))
    )
      return true;
    if (TRANSIENT_SOCKET_CODES.has(code) || TRANSIENT_NATS_CODES.has(code)) return true;
  }
  if (api_error?.err_code !== undefined && TRANSIENT_JETSTREAM_API_CODES.has(api_error.err_code)) return true;
  if (api_error?.code === 503) return true;
  if (typeof name === 'string' && TRANSIENT_ERROR_NAMES.has(name)) return true;
  return typeof message === 'string' && TRANSIENT_MESSAGES.test(message);
}

/** The error and what it wraps: TypeORM's driverError, `cause`, nats' chainedError, AggregateError's errors. */
function causesOf(error: unknown, depth = 0): object[] {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const e = error as { driverError?: unknown; cause?: unknown; chainedError?: unknown; errors?: unknown };
  const nested = [e.driverError, e.cause, e.chainedError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return [error, ...nested.flatMap((n) => causesOf(n, depth + 1))];
}
