import { z } from 'zod';
import { parseViberJson } from './viber-json';

/**
 * Schemas of the callbacks Viber POSTs to the webhook. Lenient about fields we do not use (Viber adds
 * fields over time, so objects pass extra keys through), strict about the ones we rely on: who, which
 * message, when.
 */

/*
 * No `.transform` anywhere in these schemas: with zod 3 each one costs more than the object it sits in
 * (tens of microseconds per callback for the dozen optional texts of a message). Values are therefore
 * passed on as Viber wrote them — absent, null or empty text — and the mapping to events
 * (callback-to-event.ts) treats all three as "not given".
 */

/**
 * A 64-bit id: a string of digits, since parseViberCallback quotes the bare integer before parsing; a
 * JS number only if it was written some other way (`1e3`). The mapping turns either into its digits.
 */
const messageTokenSchema = z.union([z.string().regex(/^-?\d+$/, 'expected an integer'), z.number().int()]);
const timestampSchema = z.number().int().nonnegative();
/** Text that Viber may leave out, send as null or send empty. */
const optionalText = z.string().nullish();

export const viberUserSchema = z
  .object({
    id: z.string().min(1),
    name: optionalText,
    avatar: optionalText,
    country: optionalText,
    language: optionalText,
    api_version: z.number().int().nullish(),
  })
  .passthrough();
export type ViberUser = z.infer<typeof viberUserSchema>;

export const VIBER_MESSAGE_TYPES = [
  'text',
  'picture',
  'video',
  'file',
  'location',
  'contact',
  'sticker',
  'url',
  'rich_media',
] as const;

export const viberIncomingMessageSchema = z
  .object({
    // Any string: a type Viber adds later still arrives, as kind 'other'.
    type: z.string().min(1),
    text: optionalText,
    media: optionalText,
    thumbnail: optionalText,
    location: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), address: optionalText })
      .passthrough()
      .optional(),
    contact: z
      .object({ name: optionalText, phone_number: optionalText, avatar: optionalText })
      .passthrough()
      .optional(),
    tracking_data: optionalText,
    file_name: optionalText,
    // Viber's docs call it `size` in callbacks and some clients `file_size`; both are accepted.
    file_size: z.number().int().nonnegative().optional(),
    size: z.number().int().nonnegative().optional(),
    duration: z.number().nonnegative().optional(),
    sticker_id: z.number().int().optional(),
  })
  .passthrough();
export type ViberIncomingMessage = z.infer<typeof viberIncomingMessageSchema>;

const base = { timestamp: timestampSchema };

export const webhookCallbackSchema = z
  .object({ event: z.literal('webhook'), ...base, message_token: messageTokenSchema.optional() })
  .passthrough();

export const conversationStartedCallbackSchema = z
  .object({
    event: z.literal('conversation_started'),
    ...base,
    message_token: messageTokenSchema.optional(),
    type: z.string().optional(),
    context: optionalText,
    user: viberUserSchema,
    subscribed: z.boolean().optional(),
  })
  .passthrough();

export const subscribedCallbackSchema = z
  .object({
    event: z.literal('subscribed'),
    ...base,
    message_token: messageTokenSchema.optional(),
    user: viberUserSchema,
  })
  .passthrough();

export const unsubscribedCallbackSchema = z
  .object({
    event: z.literal('unsubscribed'),
    ...base,
    message_token: messageTokenSchema.optional(),
    user_id: z.string().min(1),
  })
  .passthrough();

export const messageCallbackSchema = z
  .object({
    event: z.literal('message'),
    ...base,
    message_token: messageTokenSchema,
    sender: viberUserSchema,
    message: viberIncomingMessageSchema,
  })
  .passthrough();

const receipt = <E extends 'delivered' | 'seen' | 'failed'>(event: E) =>
  z
    .object({
      event: z.literal(event),
      ...base,
      message_token: messageTokenSchema,
      user_id: z.string().min(1),
      desc: optionalText,
    })
    .passthrough();
export const deliveredCallbackSchema = receipt('delivered');
export const seenCallbackSchema = receipt('seen');
export const failedCallbackSchema = receipt('failed');

export const viberCallbackSchema = z.discriminatedUnion('event', [
  webhookCallbackSchema,
  conversationStartedCallbackSchema,
  subscribedCallbackSchema,
  unsubscribedCallbackSchema,
  messageCallbackSchema,
  deliveredCallbackSchema,
  seenCallbackSchema,
  failedCallbackSchema,
]);
export type ViberCallback = z.infer<typeof viberCallbackSchema>;
export type ViberCallbackEvent = ViberCallback['event'];
export type ViberMessageCallback = z.infer<typeof messageCallbackSchema>;

const KNOWN_EVENTS: ReadonlySet<string> = new Set<ViberCallbackEvent>([
  'webhook',
  'conversation_started',
  'subscribed',
  'unsubscribed',
  'message',
  'delivered',
  'seen',
  'failed',
]);

/** Events Viber may add (`action`, `client_status`, …) come back as `unknown`: answer 200 and ignore. */
export type ParsedCallback = { kind: 'known'; callback: ViberCallback } | { kind: 'unknown'; event: string };

export class InvalidViberCallback extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(details.length ? `${message}: ${details.join('; ')}` : message);
    this.name = 'InvalidViberCallback';
  }
}

/** Parses a callback's raw body, keeping message_token exact. Throws InvalidViberCallback when it is unusable. */
export function parseViberCallback(rawBody: Buffer | string): ParsedCallback {
  let json: unknown;
  try {
    json = parseViberJson(rawBody);
  } catch (e) {
    throw new InvalidViberCallback(`callback is not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidViberCallback('callback is not a JSON object');
  }
  const event = (json as Record<string, unknown>).event;
  if (typeof event !== 'string' || event.length === 0)
    throw new InvalidViberCallback('callback has no event');
  if (!KNOWN_EVENTS.has(event)) return { kind: 'unknown', event };
  const result = viberCallbackSchema.safeParse(json);
  if (!result.success) {
    throw new InvalidViberCallback(
      `invalid ${event} callback`,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return { kind: 'known', callback: result.data };
}
