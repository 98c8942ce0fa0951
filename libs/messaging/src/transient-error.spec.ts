import { isTransientError } from './transient-error';

/** A pg error as TypeORM hands it over: QueryFailedError with the driver's error inside. */
const queryFailed = (code: string) =>
  Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError: { code } });
const natsError = (code: string) => Object.assign(new Error(code), { name: 'NatsError', code });

describe('isTransientError', () => {
  it.each([
    ['serialization failure', queryFailed('40001')],
    ['deadlock', queryFailed('40P01')],
    ['connection exception class 08', queryFailed('08006')],
    ['too many connections', queryFailed('53300')],
    ['admin shutdown', queryFailed('57P01')],
    ['cannot connect now (starting up)', queryFailed('57P03')],
    ['statement time-out', queryFailed('57014')],
    ['lock not available', queryFailed('55P03')],
    ['read-only transaction after a fail-over', queryFailed('25006')],
    [
      'connection refused',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['pg pool time-out', new Error('timeout expired')],
    ['connection lost mid-query', new Error('Connection terminated unexpectedly')],
    [
      'localhost resolving to two refused addresses',
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    ],
    ['NATS request time-out', natsError('TIMEOUT')],
    ['NATS closed', natsError('CONNECTION_CLOSED')],
    ['NATS no responders (JetStream down)', natsError('503')],
    [
      'JetStream temporarily unavailable',
      Object.assign(new Error('unavailable'), { api_error: { err_code: 10008, code: 503 } }),
    ],
    ['optimistic concurrency', Object.assign(new Error('version 3 expected'), { name: 'ConcurrencyError' })],
    ['a publish JetStream did not store', Object.assign(new Error('not stored'), { name: 'NotStoredError' })],
    ['a transient error wrapped as cause', new Error('handler failed', { cause: queryFailed('40001') })],
  ])('retries without limit: %s', (_name, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['unique violation', queryFailed('23505')],
    ['not-null violation', queryFailed('23502')],
    ['undefined column (a bad migration)', queryFailed('42703')],
    ['invalid text representation', queryFailed('22P02')],
    ['a domain refusal', Object.assign(new Error('conversation closed'), { name: 'ConversationRejected' })],
    ['NATS permissions violation', natsError('PERMISSIONS_VIOLATION')],
    ['NATS payload too large', natsError('MAX_PAYLOAD_EXCEEDED')],
    ['a string', 'failed'],
    ['nothing', undefined],
  ])('counts towards the dead-letter stream: %s', (_name, error) => {
    expect(isTransientError(error)).toBe(false);
  });
});
