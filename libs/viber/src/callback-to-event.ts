import { CitizenProfile, EventType, IncomingMessage, deterministicId } from '@citizen-desk/contracts';
import { ViberCallback, ViberIncomingMessage, ViberUser } from './viber-callback.schema';

/** One channel-neutral event for the gateway to publish, with an id that is the same on every re-delivery. */
export interface ChannelEvent {
  type: EventType;
  streamId: string;
  id: string;
  data: unknown;
}

/**
 * The Viber user a callback is about (its sender, subscriber, or the receiver of a receipt); none
 * for Viber's `webhook` check.
 */
export function viberUserIdOf(callback: ViberCallback): string | null {
  switch (callback.event) {
    case 'webhook':
      return null;
    case 'message':
      return callback.sender.id;
    case 'subscribed':
    case 'conversation_started':
      return callback.user.id;
    case 'unsubscribed':
    case 'delivered':
    case 'seen':
    case 'failed':
      return callback.user_id;
  }
}

/**
 * Maps a Viber callback to the event the rest of the platform understands; `webhook` has none.
 * `citizenId` is the platform's id (the gateway's pseudonym) of the Viber user the callback is about
 * (viberUserIdOf), whose Viber id itself goes nowhere into the event.
 */
export function toChannelEvent(callback: ViberCallback, citizenId: string): ChannelEvent | null {
  const profile = (user: ViberUser) => citizenProfileOf(user, citizenId);
  const identity = (event: string, token: string) => identityOf(event, token, citizenId);
  switch (callback.event) {
    case 'webhook':
      return null;
    case 'message': {
      const citizen = profile(callback.sender);
      return {
        type: 'CitizenMessageReceived',
        ...identity(callback.event, tokenOf(callback.message_token)),
        data: dropUndefined({
          citizen,
          channelMessageId: tokenOf(callback.message_token),
          message: incomingMessageFromViber(callback.message),
          trackingData: clip(callback.message.tracking_data, 4000),
          sentAt: isoTime(callback.timestamp),
        }),
      };
    }
    case 'subscribed':
      return {
        type: 'CitizenSubscribed',
        ...identity(callback.event, tokenOrTime(callback)),
        data: { citizen: profile(callback.user), at: isoTime(callback.timestamp) },
      };
    case 'unsubscribed':
      return {
        type: 'CitizenUnsubscribed',
        ...identity(callback.event, tokenOrTime(callback)),
        data: { citizenId, at: isoTime(callback.timestamp) },
      };
    case 'conversation_started':
      return {
        type: 'ConversationOpened',
        ...identity(callback.event, tokenOrTime(callback)),
        data: dropUndefined({
          citizen: profile(callback.user),
          context: clip(callback.context, 1000),
          subscribed: callback.subscribed ?? false,
          at: isoTime(callback.timestamp),
        }),
      };
    case 'delivered':
    case 'seen':
    case 'failed':
      return {
        type: RECEIPT_EVENT[callback.event],
        ...identity(callback.event, tokenOf(callback.message_token)),
        data: dropUndefined({
          citizenId,
          channelMessageId: tokenOf(callback.message_token),
          at: isoTime(callback.timestamp),
          reason: callback.event === 'failed' ? (clip(callback.desc, 2000) ?? 'failed') : undefined,
        }),
      };
  }
}

const RECEIPT_EVENT = {
  delivered: 'MessageDelivered',
  seen: 'MessageSeen',
  failed: 'MessageDeliveryFailed',
} as const satisfies Record<string, EventType>;

function identityOf(event: string, token: string, citizenId: string): { id: string; streamId: string } {
  return {
    id: deterministicId(`viber:${event}:${token}:${citizenId}`),
    streamId: `citizen-${citizenId}`,
  };
}

/** The token's exact digits (parseViberCallback keeps it a string; a number only if written as `1e3`). */
function tokenOf(token: string | number): string {
  return typeof token === 'string' ? token : String(token);
}

/** Viber documents a token on every event; should one lack it, its timestamp still makes re-deliveries collide. */
function tokenOrTime(callback: { message_token?: string | number; timestamp: number }): string {
  return callback.message_token === undefined ? `t${callback.timestamp}` : tokenOf(callback.message_token);
}

export function citizenProfileOf(user: ViberUser, citizenId: string): CitizenProfile {
  return dropUndefined({
    id: citizenId,
    name: clip(user.name, 200),
    avatarUrl: clip(user.avatar, 2000),
    country: clip(user.country, 8),
    language: clip(user.language, 16),
    apiVersion: user.api_version ?? undefined,
  });
}

const KINDS: ReadonlySet<string> = new Set([
  'text',
  'picture',
  'video',
  'file',
  'location',
  'contact',
  'sticker',
  'url',
]);

export function incomingMessageFromViber(message: ViberIncomingMessage): IncomingMessage {
  const kind = (KINDS.has(message.type) ? message.type : 'other') as IncomingMessage['kind'];
  const location = message.location;
  const contact = message.contact;
  return dropUndefined({
    kind,
    text: clip(message.text, 10000),
    mediaUrl: clip(message.media, 4000),
    thumbnailUrl: clip(message.thumbnail, 4000),
    fileName: clip(message.file_name, 1000),
    fileSize: message.file_size ?? message.size,
    durationSeconds: message.duration,
    location: location
      ? dropUndefined({ lat: location.lat, lon: location.lon, address: clip(location.address, 1000) })
      : undefined,
    contact: contact
      ? dropUndefined({ name: clip(contact.name, 500), phoneNumber: clip(contact.phone_number, 100) })
      : undefined,
    stickerId: message.sticker_id,
  });
}

function isoTime(timestampMs: number): string {
  return new Date(timestampMs).toISOString();
}

/** Absent, null and empty mean "not given" in Viber's payloads; over-long text is cut to what the contract allows. */
function clip(value: string | null | undefined, max: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return value.length > max ? value.slice(0, max) : value;
}

/** The same object without its undefined members (a loop: this runs several times per callback). */
function dropUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = value[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
