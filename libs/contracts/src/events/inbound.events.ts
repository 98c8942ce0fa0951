import { z } from 'zod';
import { citizenIdSchema, citizenProfileSchema, incomingMessageSchema } from '../messages';

/** What the gateway publishes when a channel tells us something (a Viber callback). */

export const citizenMessageReceivedV1 = z.object({
  citizen: citizenProfileSchema,
  /** The channel's own id for the message (Viber's message_token, as a string: it is 64-bit). */
  channelMessageId: z.string().min(1),
  message: incomingMessageSchema,
  trackingData: z.string().max(4000).optional(),
  sentAt: z.string().datetime({ offset: true }),
});
export type CitizenMessageReceived = z.infer<typeof citizenMessageReceivedV1>;

export const citizenSubscribedV1 = z.object({
  citizen: citizenProfileSchema,
  at: z.string().datetime({ offset: true }),
});
export type CitizenSubscribed = z.infer<typeof citizenSubscribedV1>;

export const citizenUnsubscribedV1 = z.object({
  citizenId: citizenIdSchema,
  at: z.string().datetime({ offset: true }),
});
export type CitizenUnsubscribed = z.infer<typeof citizenUnsubscribedV1>;

/** The citizen opened the chat (Viber `conversation_started`); not yet a subscriber unless `subscribed`. */
export const conversationOpenedV1 = z.object({
  citizen: citizenProfileSchema,
  context: z.string().max(1000).optional(),
  subscribed: z.boolean(),
  at: z.string().datetime({ offset: true }),
});
export type ConversationOpened = z.infer<typeof conversationOpenedV1>;

/** Receipts for a message we sent, matched by the channel's message id. */
export const deliveryReceiptV1 = z.object({
  citizenId: citizenIdSchema,
  channelMessageId: z.string().min(1),
  at: z.string().datetime({ offset: true }),
  reason: z.string().max(2000).optional(),
});
export type DeliveryReceipt = z.infer<typeof deliveryReceiptV1>;
