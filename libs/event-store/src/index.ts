export { createServiceDataSource, PostgresUnreachableError } from './data-source';
export type { ServiceDataSourceOptions } from './data-source';
export { eventStoreMigrations } from './migrations';
export { EventStore } from './event-store';
export type { AppendOptions } from './event-store';
export { ConcurrencyError, DuplicateEventError } from './concurrency-error';
export type { ExpectedVersion } from './concurrency-error';
export type { StoredEvent, ReadStreamResult } from './read-stream';
export { foldStream } from './read-stream';
export { processOnce } from './process-once';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayOptions } from './outbox-relay';
export type { EventStoreLogger } from './logger';
export { processBatch } from './process-batch';
export type { BatchScope, ProcessBatchOptions } from './process-batch';
export { BatchLedger } from './batch-ledger';
export type { ItemOutcome, LedgerItem } from './batch-ledger';
export { BatchWriter, RowSink } from './batch-writer';
export type { StagedAppendOptions } from './batch-writer';
export { appendBatch, numberAppends } from './append-batch';
export type { PendingAppend } from './append-batch';
export { readStreams } from './read-streams';
export { processedAmong } from './was-processed-many';
export {
  CitizenKeys,
  citizenKeysMigration,
  citizenKeysSchemaOf,
  citizenPseudonymsMigration,
  FAREWELL_HOURS,
  newPseudonym,
} from './privacy/citizen-keys';
export type { CitizenKeysOptions } from './privacy/citizen-keys';
export { CitizenDataCipher, CLEAR_TEXT, sealedFormOf } from './privacy/envelope-cipher';
export type { EnvelopeCipher } from './privacy/envelope-cipher';
export { openEnvelope, sealEnvelope } from './privacy/sealing';
export type { CitizenKey } from './privacy/sealing';
