/** PostgreSQL SQLSTATE codes this library reacts to. */
export const UNIQUE_VIOLATION = '23505';
export const DUPLICATE_DATABASE = '42P04';

interface PgErrorFields {
  code?: string;
  constraint?: string;
}

/** TypeORM wraps the pg error in QueryFailedError and keeps the original as driverError. */
export function pgErrorOf(e: unknown): PgErrorFields {
  if (typeof e !== 'object' || e === null) return {};
  const driverError = (e as { driverError?: PgErrorFields }).driverError;
  const source = driverError ?? (e as PgErrorFields);
  return { code: source.code, constraint: source.constraint };
}

const CONNECTION_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
]);

export function isConnectionFailure(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  if (code && CONNECTION_FAILURES.has(code)) return true;
  const errors = (e as { errors?: unknown[] } | null)?.errors; // AggregateError when localhost resolves to ::1 and 127.0.0.1
  if (Array.isArray(errors) && errors.some(isConnectionFailure)) return true;
  return /timeout expired|Connection terminated/i.test(String((e as Error | null)?.message ?? ''));
}
