import { createHash } from 'node:crypto';

/**
 * The callbacks Viber would send on behalf of a citizen chatting in the simulator. Pure builders:
 * the server supplies the token and the clock.
 */

export interface SimulatedCitizen {
  viberId: string;
  name: string;
  language?: string;
}

/** What the chat page lets a citizen send. */
export type CitizenMessage =
  | { type: 'text'; text: string }
  | { type: 'picture'; media: string; text?: string }
  | { type: 'location'; lat: number; lon: number; address?: string }
  | { type: 'contact'; name: string; phone_number: string };

/** A Viber-looking user id (24 base64 characters ending in `==`), the same for the same browser session. */
export function viberIdForSession(session: string): string {
  return createHash('sha256').update(`simulator:${session}`).digest('base64').slice(0, 22) + '==';
}

function viberUser(citizen: SimulatedCitizen) {
  return {
    id: citizen.viberId,
    name: citizen.name,
    avatar: '',
    country: 'ME',
    language: citizen.language ?? 'sr',
    api_version: 10,
  };
}

export function messageCallback(
  citizen: SimulatedCitizen,
  message: CitizenMessage,
  messageToken: string,
  timestamp: number,
  trackingData?: string,
): Record<string, unknown> {
  const body: Record<string, unknown> =
    message.type === 'location'
      ? {
          type: 'location',
          location: {
            lat: message.lat,
            lon: message.lon,
            ...(message.address ? { address: message.address } : {}),
          },
        }
      : message.type === 'contact'
        ? { type: 'contact', contact: { name: message.name, phone_number: message.phone_number } }
        : message.type === 'picture'
          ? { type: 'picture', media: message.media, text: message.text ?? '', thumbnail: message.media }
          : { type: 'text', text: message.text };
  if (trackingData) body.tracking_data = trackingData;
  return {
    event: 'message',
    timestamp,
    chat_hostname: 'SN-CHAT-SIM_',
    message_token: messageToken,
    sender: viberUser(citizen),
    message: body,
    silent: false,
  };
}

export function conversationStartedCallback(
  citizen: SimulatedCitizen,
  subscribed: boolean,
  messageToken: string,
  timestamp: number,
): Record<string, unknown> {
  return {
    event: 'conversation_started',
    timestamp,
    chat_hostname: 'SN-CHAT-SIM_',
    message_token: messageToken,
    type: 'open',
    context: 'simulator',
    user: viberUser(citizen),
    subscribed,
  };
}

export function subscriptionCallback(
  citizen: SimulatedCitizen,
  event: 'subscribed' | 'unsubscribed',
  messageToken: string,
  timestamp: number,
): Record<string, unknown> {
  const head = { event, timestamp, chat_hostname: 'SN-CHAT-SIM_', message_token: messageToken };
  return event === 'subscribed'
    ? { ...head, user: viberUser(citizen) }
    : { ...head, user_id: citizen.viberId };
}

export function receiptCallback(
  event: 'delivered' | 'seen',
  viberId: string,
  messageToken: string,
  timestamp: number,
): Record<string, unknown> {
  return { event, timestamp, chat_hostname: 'SN-CHAT-SIM_', message_token: messageToken, user_id: viberId };
}
