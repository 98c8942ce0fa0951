import { OutgoingMessage, validateData, deterministicId } from '@citizen-desk/contracts';
import {
  VIBER_MAX_BODY_BYTES,
  ViberBodyTooLarge,
  ViberMessageBody,
  assertWithinViberBodyLimit,
  toViberMessage,
} from './outgoing-message';

/* eslint-disable @typescript-eslint/no-require-imports */
// The official SDK, as a reference for how Viber spells messages (a dev dependency: tests only).
const { Message } = require('viber-bot') as {
  Message: Record<
    string,
    new (...args: unknown[]) => { toJson(): Record<string, unknown>; keyboard: unknown }
  >;
};
const ViberClient = require('viber-bot/lib/viber-client') as new (...args: unknown[]) => {
  sendMessage(...args: unknown[]): Promise<unknown>;
  _sendRequest: (endpoint: string, data: Record<string, unknown>) => Promise<unknown>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const sender = { name: 'Opština Budva', avatar: 'https://budva.example/logo.png' };

/** What the SDK would POST to send_message for this message (its HTTP call replaced by a capture). */
async function sdkRequest(
  message: { toJson(): Record<string, unknown>; keyboard: unknown },
  minApiVersion?: number,
) {
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  const client = new ViberClient(
    logger,
    { name: sender.name, avatar: sender.avatar, authToken: 't' },
    'http://127.0.0.1:1/pa',
    [],
  );
  let captured: Record<string, unknown> = {};
  client._sendRequest = async (_endpoint, data) => {
    captured = data;
    return {};
  };
  const json = message.toJson();
  await client.sendMessage('receiver', json.type, json, null, message.keyboard, null, minApiVersion);
  return captured;
}

function withoutNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

const menu = {
  buttons: [
    { label: 'Porez na imovinu', action: 'reply', value: 'menu:property-tax' },
    { label: 'Sajt opštine', action: 'open-url', value: 'https://budva.me' },
  ],
} as const;

describe('toViberMessage matches the official SDK', () => {
  it('text with a keyboard', async () => {
    const ours = toViberMessage(
      { kind: 'text', text: 'Dobar dan!', keyboard: { ...menu, buttons: [...menu.buttons] } },
      { sender },
    );
    const sdk = await sdkRequest(new Message.Text('Dobar dan!', ours.keyboard));
    expect({ type: ours.type, text: ours.text, keyboard: ours.keyboard, sender: ours.sender }).toEqual({
      type: sdk.type,
      text: sdk.text,
      keyboard: sdk.keyboard,
      sender: sdk.sender,
    });
  });

  it('picture', async () => {
    const ours = toViberMessage(
      {
        kind: 'picture',
        url: 'https://budva.me/a.jpg',
        caption: 'Plaža',
        thumbnailUrl: 'https://budva.me/t.jpg',
      },
      { sender },
    );
    const sdk = withoutNulls(
      new Message.Picture('https://budva.me/a.jpg', 'Plaža', 'https://budva.me/t.jpg').toJson(),
    );
    expect(ours).toMatchObject(sdk);
    expect(sdk).toEqual({
      type: 'picture',
      media: 'https://budva.me/a.jpg',
      text: 'Plaža',
      thumbnail: 'https://budva.me/t.jpg',
    });
  });

  it('picture without caption sends the empty text Viber requires', () => {
    const ours = toViberMessage({ kind: 'picture', url: 'https://budva.me/a.jpg' }, { sender });
    expect(ours).toEqual({ type: 'picture', media: 'https://budva.me/a.jpg', text: '', sender });
  });

  it('location', () => {
    const ours = toViberMessage({ kind: 'location', lat: 42.2864, lon: 18.84 }, { sender });
    expect(ours).toMatchObject(new Message.Location(42.2864, 18.84).toJson());
    expect(ours.location).toEqual({ lat: 42.2864, lon: 18.84 });
  });

  it('url', () => {
    const ours = toViberMessage({ kind: 'url', url: 'https://budva.me/obavjestenja' }, { sender });
    expect(ours).toMatchObject(new Message.Url('https://budva.me/obavjestenja').toJson());
  });

  it('a keyboard carries through the SDK Keyboard message unchanged, with the request fields the SDK sends', async () => {
    const ours = toViberMessage(
      {
        kind: 'text',
        text: 'Izaberite',
        keyboard: { ...menu, buttons: [...menu.buttons] },
        trackingData: 'flow:menu',
      },
      { sender, minApiVersion: 7 },
    );
    const sdk = await sdkRequest(new Message.Text('Izaberite', ours.keyboard), 7);
    expect(sdk.keyboard).toEqual(ours.keyboard);
    expect(sdk.min_api_version).toBe(ours.min_api_version);
    for (const field of Object.keys(ours)) expect(Object.keys(sdk)).toContain(field);
  });
});

describe('toViberMessage', () => {
  it('builds a keyboard: one button per row, reply bodies, silent code and URL buttons', () => {
    const body = toViberMessage(
      { kind: 'text', text: 'x', keyboard: { ...menu, buttons: [...menu.buttons], inputField: 'minimized' } },
      { sender },
    );
    expect(body.keyboard).toEqual({
      Type: 'keyboard',
      DefaultHeight: false,
      InputFieldState: 'minimized',
      Buttons: [
        {
          Columns: 6,
          Rows: 1,
          ActionType: 'reply',
          ActionBody: 'menu:property-tax',
          Text: 'Porez na imovinu',
          TextSize: 'regular',
          Silent: true,
        },
        {
          Columns: 6,
          Rows: 1,
          ActionType: 'open-url',
          ActionBody: 'https://budva.me',
          Text: 'Sajt opštine',
          TextSize: 'regular',
          Silent: true,
        },
      ],
    });
  });

  it('shows a reply tap in the chat only when its body is its own label', () => {
    const keyboard = {
      buttons: [
        { label: 'Da', action: 'reply' as const, value: 'Da' },
        { label: 'Porez', action: 'reply' as const, value: 'menu:tax' },
        { label: 'Lokacija', action: 'location-picker' as const, value: 'loc' },
      ],
    };
    const buttons = toViberMessage({ kind: 'text', text: 'x', keyboard }, { sender }).keyboard!.Buttons;
    expect(buttons.map((b) => b.Silent)).toEqual([undefined, true, undefined]);
  });

  it('lays long menus two per row and keeps explicit sizes', () => {
    const buttons = Array.from({ length: 8 }, (_, i) => ({
      label: `B${i}`,
      action: 'reply' as const,
      value: `menu:${i}`,
    }));
    buttons[0] = { ...buttons[0], columns: 6, rows: 2 } as (typeof buttons)[0];
    const body = toViberMessage({ kind: 'text', text: 'x', keyboard: { buttons } }, { sender });
    expect(body.keyboard!.Buttons.map((b) => [b.Columns, b.Rows])).toEqual([
      [6, 2],
      ...Array(7).fill([3, 1]),
    ]);
    expect(body.keyboard!.InputFieldState).toBe('regular');
  });

  it('raises min_api_version to 3 for location-picker and share-phone buttons', () => {
    const keyboard = {
      buttons: [{ label: 'Lokacija', action: 'location-picker' as const, value: 'location' }],
    };
    expect(toViberMessage({ kind: 'text', text: 'x', keyboard }, { sender }).min_api_version).toBe(3);
    expect(
      toViberMessage({ kind: 'text', text: 'x', keyboard }, { sender, minApiVersion: 1 }).min_api_version,
    ).toBe(3);
    expect(
      toViberMessage({ kind: 'text', text: 'x', keyboard }, { sender, minApiVersion: 7 }).min_api_version,
    ).toBe(7);
    expect(toViberMessage({ kind: 'text', text: 'x' }, { sender })).not.toHaveProperty('min_api_version');
  });

  it('cuts the sender name to 28 characters without splitting an emoji, and passes tracking data', () => {
    const body = toViberMessage(
      { kind: 'text', text: 'x', trackingData: 'flow:report:step2' },
      { sender: { name: '🏛️ Opština Budva — Sekretarijat za komunalne poslove' } },
    );
    expect(Array.from(body.sender.name)).toHaveLength(28);
    expect(body.sender.name.startsWith('🏛️ Opština Budva')).toBe(true);
    expect(body.sender).not.toHaveProperty('avatar');
    expect(body.tracking_data).toBe('flow:report:step2');
  });

  it('throws ViberBodyTooLarge when the body would exceed 30 KB', () => {
    // A valid message (7,000 characters) whose UTF-8 and keyboard push it past Viber's limit.
    const buttons = Array.from({ length: 24 }, (_, i) => ({
      label: '€'.repeat(250),
      action: 'reply' as const,
      value: `menu:${i}`,
    }));
    const message: OutgoingMessage = { kind: 'text', text: '€'.repeat(7000), keyboard: { buttons } };
    validateData('SendMessageToCitizen', {
      messageId: deterministicId('m'),
      citizenId: 'viber:1',
      message,
      purpose: 'reply',
      origin: 'test',
    });
    expect(() => toViberMessage(message, { sender })).toThrow(ViberBodyTooLarge);
    expect(() => toViberMessage(message, { sender })).toThrow(/over Viber's limit of 30720 bytes/);
  });

  it('assertWithinViberBodyLimit counts UTF-8 bytes', () => {
    const fits: Partial<ViberMessageBody> = { text: 'a'.repeat(VIBER_MAX_BODY_BYTES - 20) };
    expect(() => assertWithinViberBodyLimit(fits)).not.toThrow();
    expect(() => assertWithinViberBodyLimit({ text: 'ž'.repeat(VIBER_MAX_BODY_BYTES / 2) })).toThrow(
      ViberBodyTooLarge,
    );
  });
});
