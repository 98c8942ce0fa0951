export { connectMessaging, Messaging, NatsUnreachableError } from './messaging';
export type { MessagingOptions, ConsumeOptions } from './messaging';
export { RunningConsumer } from './running-consumer';
export type { DeliveryMeta, EnvelopeHandler } from './running-consumer';
export { defaultBackoffMs } from './redelivery-backoff';
export { streamNameOf } from './stream-config';
export type { MessagingLogger } from './logger';
export { NotStoredError, PipelinedPublisher } from './pipelined-publisher';
export type { PipelinedPublisherOptions, StoredAck } from './pipelined-publisher';
