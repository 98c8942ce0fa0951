import { z } from 'zod';
import { citizenIdSchema, outgoingMessageSchema } from '../messages';

/** Commands to the gateway's sender, and the outcomes it records. */

export const messagePurposeSchema = z.enum(['reply', 'operator', 'notice', 'test', 'status-update']);

export const sendMessageToCitizenV1 = z.object({
  messageId: z.string().uuid(),
  citizenId: citizenIdSchema,
  message: outgoingMessageSchema,
  purpose: messagePurposeSchema,
  /** The service that asked for the message, for the outcome's consumers. */
  origin: z.string().min(1),
  /**
   * The answer to "forget me": the citizen is already forgotten, and the gateway still finds their
   * Viber id for this one message (then deletes it).
   */
  farewell: z.boolean().optional(),
});
export type SendMessageToCitizen = z.infer<typeof sendMessageToCitizenV1>;

export const MAX_BROADCAST_RECEIVERS = 300;

export const broadcastToCitizensV1 = z.object({
  batchId: z.string().min(1),
  campaignId: z.string().min(1),
  citizenIds: z.array(citizenIdSchema).min(1).max(MAX_BROADCAST_RECEIVERS),
  message: outgoingMessageSchema,
  origin: z.string().min(1),
});
export type BroadcastToCitizens = z.infer<typeof broadcastToCitizensV1>;

export const messageSentV1 = z.object({
  messageId: z.string().uuid(),
  citizenId: citizenIdSchema,
  channelMessageId: z.string().min(1),
  purpose: messagePurposeSchema,
  origin: z.string(),
  attempts: z.number().int().min(1),
  /** Viber's billing_status where the account reports it (free in session, charged, …). */
  billingStatus: z.number().int().optional(),
});
export type MessageSent = z.infer<typeof messageSentV1>;

export const messageSendFailedV1 = z.object({
  messageId: z.string().uuid(),
  citizenId: citizenIdSchema,
  purpose: messagePurposeSchema,
  origin: z.string(),
  attempts: z.number().int().min(0),
  reason: z.string(),
  /** The channel's status code, when it gave one (Viber: 6 not subscribed, 12 rate limit …). */
  code: z.number().int().optional(),
  permanent: z.boolean(),
});
export type MessageSendFailed = z.infer<typeof messageSendFailedV1>;

export const broadcastBatchSentV1 = z.object({
  batchId: z.string().min(1),
  campaignId: z.string().min(1),
  origin: z.string(),
  channelMessageId: z.string().optional(),
  sent: z.array(citizenIdSchema),
  failed: z.array(
    z.object({ citizenId: citizenIdSchema, reason: z.string(), code: z.number().int().optional() }),
  ),
  attempts: z.number().int().min(0),
});
export type BroadcastBatchSent = z.infer<typeof broadcastBatchSentV1>;

/**
 * A citizen's message whose send was cut short twice between the call to Viber and its record (a crash
 * in that window): it may or may not have reached the citizen. It was resent once already and is not
 * sent again (Viber has no idempotency key: a third call could be a second duplicate).
 */
export const messageSendUncertainV1 = z.object({
  messageId: z.string().uuid(),
  citizenId: citizenIdSchema,
  purpose: messagePurposeSchema,
  origin: z.string(),
  attempts: z.number().int().min(0),
  /** When the last call whose answer was lost was begun. */
  attemptedAt: z.string().datetime({ offset: true }),
});
export type MessageSendUncertain = z.infer<typeof messageSendUncertainV1>;

/**
 * A broadcast batch whose call to Viber was begun but whose answer was never recorded (a crash in that
 * window). It is not sent again blindly: the campaign's owner reconciles it from Viber's delivered/seen
 * receipts (which carry the unknown message token) and decides per recipient.
 */
export const broadcastBatchUncertainV1 = z.object({
  batchId: z.string().min(1),
  campaignId: z.string().min(1),
  origin: z.string(),
  citizenIds: z.array(citizenIdSchema).min(1),
  /** When the call whose answer was lost was begun: receipts after it may belong to it. */
  attemptedAt: z.string().datetime({ offset: true }),
  attempts: z.number().int().min(0),
});
export type BroadcastBatchUncertain = z.infer<typeof broadcastBatchUncertainV1>;
