import { ConfigError } from './config-error';

/** The settings the retention checks read (the service's config has more). */
export interface RetentionSettings {
  NATS_STREAM_MAX_AGE_DAYS: number;
  PROCESSED_MESSAGES_RETENTION_DAYS: number;
  SENT_MESSAGE_RETENTION_DAYS?: number;
}

/**
 * What is wrong with the retention settings together. A processed message id must outlive the
 * message in the stream: JetStream may deliver it again until then, and without its id the effect
 * would happen twice. The same holds for the gateway's record of a sent message.
 */
export function retentionProblems(config: RetentionSettings): string[] {
  const problems: string[] = [];
  const streamDays = config.NATS_STREAM_MAX_AGE_DAYS;
  if (config.PROCESSED_MESSAGES_RETENTION_DAYS <= streamDays)
    problems.push(
      `PROCESSED_MESSAGES_RETENTION_DAYS: must be more than NATS_STREAM_MAX_AGE_DAYS (${streamDays}), or a redelivered message would take effect twice`,
    );
  if (config.SENT_MESSAGE_RETENTION_DAYS !== undefined && config.SENT_MESSAGE_RETENTION_DAYS <= streamDays)
    problems.push(`SENT_MESSAGE_RETENTION_DAYS: must be more than NATS_STREAM_MAX_AGE_DAYS (${streamDays})`);
  return problems;
}

/** Stops a start with retention settings that would lose the platform's guarantees. */
export function assertRetention(config: RetentionSettings): void {
  const problems = retentionProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
}
