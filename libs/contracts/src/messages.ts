import { z } from 'zod';

/**
 * Channel-neutral message shapes. Only the gateway knows how Viber spells them; a second channel
 * (Telegram, web chat) maps these same shapes.
 */

/**
 * A citizen's id on the platform: `citizen:<random>`, the pseudonym the gateway made at their first
 * contact (their Viber id is known to the gateway alone). Citizens first seen before pseudonyms keep
 * `viber:<Viber user id>` until they are forgotten.
 */
export const citizenIdSchema = z
  .string()
  .regex(/^[a-z]+:.+$/, 'expected <prefix>:<id>')
  .max(200);
export type CitizenId = z.infer<typeof citizenIdSchema>;

export const citizenProfileSchema = z.object({
  id: citizenIdSchema,
  name: z.string().max(200).optional(),
  avatarUrl: z.string().max(2000).optional(),
  country: z.string().max(8).optional(),
  /** The phone's language as the channel reports it (e.g. `sr`, `en`): a hint, not a choice. */
  language: z.string().max(16).optional(),
  apiVersion: z.number().int().optional(),
});
export type CitizenProfile = z.infer<typeof citizenProfileSchema>;

export const locationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  address: z.string().max(1000).optional(),
});

export const incomingMessageSchema = z.object({
  kind: z.enum(['text', 'picture', 'video', 'file', 'location', 'contact', 'sticker', 'url', 'other']),
  text: z.string().max(10000).optional(),
  mediaUrl: z.string().max(4000).optional(),
  thumbnailUrl: z.string().max(4000).optional(),
  fileName: z.string().max(1000).optional(),
  fileSize: z.number().int().nonnegative().optional(),
  durationSeconds: z.number().nonnegative().optional(),
  location: locationSchema.optional(),
  contact: z
    .object({ name: z.string().max(500).optional(), phoneNumber: z.string().max(100).optional() })
    .optional(),
  stickerId: z.number().int().optional(),
});
export type IncomingMessage = z.infer<typeof incomingMessageSchema>;

export const buttonSchema = z.object({
  label: z.string().min(1).max(250),
  action: z.enum(['reply', 'open-url', 'location-picker', 'share-phone']),
  /** For `reply`, what the tap sends back (encode the meaning: `menu:property-tax`); for `open-url`, the URL. */
  value: z.string().min(1).max(4000),
  columns: z.number().int().min(1).max(6).optional(),
  rows: z.number().int().min(1).max(2).optional(),
});
export type Button = z.infer<typeof buttonSchema>;

export const keyboardSchema = z.object({
  buttons: z.array(buttonSchema).min(1).max(24),
  inputField: z.enum(['regular', 'minimized', 'hidden']).optional(),
});
export type Keyboard = z.infer<typeof keyboardSchema>;

const outgoingCommon = {
  keyboard: keyboardSchema.optional(),
  /** Comes back with the citizen's next message; Viber allows 4,000 characters. */
  trackingData: z.string().max(4000).optional(),
};

export const outgoingMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(7000), ...outgoingCommon }),
  z.object({
    kind: z.literal('picture'),
    url: z.string().url(),
    caption: z.string().max(768).optional(),
    thumbnailUrl: z.string().url().optional(),
    ...outgoingCommon,
  }),
  z.object({
    kind: z.literal('location'),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    ...outgoingCommon,
  }),
  z.object({ kind: z.literal('url'), url: z.string().url().max(2000), ...outgoingCommon }),
]);
export type OutgoingMessage = z.infer<typeof outgoingMessageSchema>;
