import { ConfigError } from './config-error';

/** The settings the retention checks read (the service's config has more). */
export interface RetentionSettings {
  NATS_STREAM_MAX_AGE_DAYS: number;
  PROCESSED_MESSAGES_RETENTION_DAYS: number;
  SENT_MESSAGE_RETENTION_DAYS?: number;
  UNSUBSCRIBED_SUBSCRIBER_RETENTION_DAYS?: number;
  ANALYTICS_CITIZEN_RETENTION_DAYS?: number;
}

/**
 * Rows that must outlive the stream: each decides what a message delivered again, or late, does
 * (the gateway's record of a send; a subscriber's or analytics' citizen row, which lets a newer
 * state win over an older one).
 */
const OUTLIVING_THE_STREAM = [
  'SENT_MESSAGE_RETENTION_DAYS',
  'UNSUBSCRIBED_SUBSCRIBER_RETENTION_DAYS',
  'ANALYTICS_CITIZEN_RETENTION_DAYS',
] as const;

/**
 * What is wrong with the retention settings together. A processed message id must outlive the
 * message in the stream: JetStream may deliver it again until then, and without its id the effect
 * would happen twice. The same holds for the rows in OUTLIVING_THE_STREAM.
 */
export function retentionProblems(config: RetentionSettings): string[] {
  const problems: string[] = [];
  const streamDays = config.NATS_STREAM_MAX_AGE_DAYS;
  if (config.PROCESSED_MESSAGES_RETENTION_DAYS <= streamDays)
    problems.push(
      `PROCESSED_MESSAGES_RETENTION_DAYS: must be more than NATS_STREAM_MAX_AGE_DAYS (${streamDays}), or a redelivered message would take effect twice`,
    );
  for (const name of OUTLIVING_THE_STREAM) {
    const days = config[name];
    if (days !== undefined && days <= streamDays)
      problems.push(`${name}: must be more than NATS_STREAM_MAX_AGE_DAYS (${streamDays})`);
  }
  return problems;
}

/** Stops a start with retention settings that would lose the platform's guarantees. */
export function assertRetention(config: RetentionSettings): void {
  const problems = retentionProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
}
