import { Button, Keyboard, OutgoingMessage } from '@citizen-desk/contracts';

/** Viber refuses any request body over 30 KB. */
export const VIBER_MAX_BODY_BYTES = 30 * 1024;
export const VIBER_MAX_SENDER_NAME = 28;

export interface ViberKeyboardButton {
  Columns: number;
  Rows: number;
  ActionType: 'reply' | 'open-url' | 'location-picker' | 'share-phone';
  ActionBody: string;
  Text: string;
  TextSize: 'regular';
  Silent?: boolean;
}

export interface ViberKeyboard {
  Type: 'keyboard';
  DefaultHeight: boolean;
  InputFieldState: 'regular' | 'minimized' | 'hidden';
  Buttons: ViberKeyboardButton[];
}

/** A send_message body without its receiver (or broadcast_list), which the API client adds. */
export interface ViberMessageBody {
  type: 'text' | 'picture' | 'location' | 'url';
  sender: { name: string; avatar?: string };
  text?: string;
  media?: string;
  thumbnail?: string;
  location?: { lat: number; lon: number };
  keyboard?: ViberKeyboard;
  tracking_data?: string;
  min_api_version?: number;
}

export interface ViberMessageOptions {
  sender: { name: string; avatar?: string };
  minApiVersion?: number;
}

/** location-picker and share-phone buttons only work on clients of API version 3 or later. */
const MIN_API_VERSION_FOR_DEVICE_BUTTONS = 3;

export class ViberBodyTooLarge extends Error {
  constructor(readonly bytes: number) {
    super(
      `Viber request body is ${bytes} bytes, over Viber's limit of ${VIBER_MAX_BODY_BYTES} bytes (30 KB)`,
    );
    this.name = 'ViberBodyTooLarge';
  }
}

export function viberBodyBytes(body: object): number {
  return Buffer.byteLength(JSON.stringify(body), 'utf8');
}

export function assertWithinViberBodyLimit(body: object): void {
  const bytes = viberBodyBytes(body);
  if (bytes > VIBER_MAX_BODY_BYTES) throw new ViberBodyTooLarge(bytes);
}

/** Spells a channel-neutral message the way Viber's send_message expects it. */
export function toViberMessage(message: OutgoingMessage, opts: ViberMessageOptions): ViberMessageBody {
  const body: ViberMessageBody = { ...content(message), sender: viberSender(opts.sender) };
  if (message.keyboard) body.keyboard = toViberKeyboard(message.keyboard);
  if (message.trackingData !== undefined) body.tracking_data = message.trackingData;
  const minApiVersion = requiredMinApiVersion(message.keyboard, opts.minApiVersion);
  if (minApiVersion !== undefined) body.min_api_version = minApiVersion;
  assertWithinViberBodyLimit(body);
  return body;
}

type Content = Omit<ViberMessageBody, 'sender'>;

function content(message: OutgoingMessage): Content {
  switch (message.kind) {
    case 'text':
      return { type: 'text', text: message.text };
    case 'picture': {
      const picture: Content = { type: 'picture', media: message.url, text: message.caption ?? '' };
      if (message.thumbnailUrl) picture.thumbnail = message.thumbnailUrl;
      return picture;
    }
    case 'location':
      return { type: 'location', location: { lat: message.lat, lon: message.lon } };
    case 'url':
      return { type: 'url', media: message.url };
  }
}

function viberSender(sender: ViberMessageOptions['sender']): ViberMessageBody['sender'] {
  // Array.from counts code points, so a cut never splits a surrogate pair (e.g. an emoji).
  const name = Array.from(sender.name).slice(0, VIBER_MAX_SENDER_NAME).join('');
  return sender.avatar ? { name, avatar: sender.avatar } : { name };
}

export function toViberKeyboard(keyboard: Keyboard): ViberKeyboard {
  const defaultColumns = defaultButtonColumns(keyboard.buttons.length);
  return {
    Type: 'keyboard',
    DefaultHeight: false,
    InputFieldState: keyboard.inputField ?? 'regular',
    Buttons: keyboard.buttons.map((b) => toViberButton(b, defaultColumns)),
  };
}

/**
 * Up to six buttons get a full row each (easy to read and tap); longer menus go two to a row so
 * they still fit the portrait screen (Viber shows about 12 rows).
 */
export function defaultButtonColumns(buttonCount: number): number {
  return buttonCount <= 6 ? 6 : 3;
}

function toViberButton(button: Button, defaultColumns: number): ViberKeyboardButton {
  const viber: ViberKeyboardButton = {
    Columns: button.columns ?? defaultColumns,
    Rows: button.rows ?? 1,
    ActionType: button.action,
    ActionBody: button.value,
    Text: button.label,
    TextSize: 'regular',
  };
  if (isSilent(button)) viber.Silent = true;
  return viber;
}

/**
 * Viber shows a tapped button's ActionBody in the chat as the citizen's message. A URL, or a code such as
 * `menu:property-tax`, means nothing to the citizen, so those taps stay silent; a reply whose body is its
 * own label is shown, as if typed.
 */
function isSilent(button: Button): boolean {
  if (button.action === 'open-url') return true;
  return button.action === 'reply' && button.value !== button.label;
}

function requiredMinApiVersion(
  keyboard: Keyboard | undefined,
  configured: number | undefined,
): number | undefined {
  const needsDeviceButtons = keyboard?.buttons.some(
    (b) => b.action === 'location-picker' || b.action === 'share-phone',
  );
  if (!needsDeviceButtons) return configured;
  return Math.max(configured ?? 1, MIN_API_VERSION_FOR_DEVICE_BUTTONS);
}
