export { connectMessaging, Messaging, NatsUnreachableError } from './messaging';
export type { MessagingOptions, ConsumeBatchesOptions } from './messaging';
export { RunningBatchConsumer } from './running-batch-consumer';
export type { BatchHandler, Delivery, DeliveryOutcome } from './delivery';
export { takeBatch, inStreamOrder, retryDelayMs } from './batch-selection';
export { cappedBackoff, defaultBackoffMs } from './redelivery-backoff';
export { isTransientError } from './transient-error';
export { settlementOf, describeError } from './settlement';
export type { Settlement } from './settlement';
export {
  DeadLetterStore,
  DEAD_LETTER_KINDS,
  REPLAY_FOR_HEADER,
  deadLetterStreamNameOf,
  deadLetterSubjectOf,
} from './dead-letters';
export type { DeadLetter, DeadLetterKind, Selection as DeadLetterSelection } from './dead-letters';
export { decodeEnvelope } from './delivery';
export { streamNameOf } from './stream-config';
export type { MessagingLogger } from './logger';
export { NotStoredError, PipelinedPublisher } from './pipelined-publisher';
export type { PipelinedPublisherOptions, StoredAck } from './pipelined-publisher';
export {
  inboxPrefixOf,
  keysShreddedSubjectOf,
  NATS_ACCESS,
  NATS_SERVICES,
  natsAuthorizationConfig,
  natsPasswordVariableOf,
  natsPermissionsOf,
  STAFF_KEYS_BUCKET_NAME,
  STAFF_REVOCATIONS_BUCKET_NAME,
  subjectMatches,
  subjectsNotPublishableBy,
} from './nats-permissions';
export type { NatsService, NatsPermissions, ServiceNatsAccess, DurableAccess } from './nats-permissions';
