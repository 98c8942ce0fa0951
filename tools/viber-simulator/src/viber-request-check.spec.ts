import { checkBroadcastMessage, checkSendMessage } from './viber-request-check';

const text = { receiver: 'u1', sender: { name: 'Opština Budva' }, type: 'text', text: 'Zdravo' };

describe('checkSendMessage', () => {
  it('accepts a well-formed text, picture, url, location and keyboard message', () => {
    expect(checkSendMessage(text)).toBeNull();
    expect(checkSendMessage({ ...text, type: 'picture', media: 'https://x/a.jpg', text: '' })).toBeNull();
    expect(checkSendMessage({ ...text, type: 'url', media: 'https://x' })).toBeNull();
    expect(checkSendMessage({ ...text, type: 'location', location: { lat: 42.28, lon: 18.84 } })).toBeNull();
    const keyboard = {
      Type: 'keyboard',
      Buttons: [{ Columns: 6, Rows: 1, ActionType: 'reply', ActionBody: 'menu:1', Text: 'A' }],
    };
    expect(checkSendMessage({ ...text, keyboard })).toBeNull();
  });

  it.each([
    ['no receiver', { ...text, receiver: undefined }, 4, /receiver/],
    ['no sender name', { ...text, sender: {} }, 3, /sender.name/],
    ['a sender name over 28', { ...text, sender: { name: 'x'.repeat(29) } }, 3, /28/],
    ['an unknown type', { ...text, type: 'hologram' }, 3, /unknown message type hologram/],
    ['an empty text', { ...text, text: '' }, 3, /text is required/],
    ['a text over 7000', { ...text, text: 'x'.repeat(7001) }, 3, /7000/],
    [
      'a picture without text',
      { ...text, type: 'picture', media: 'https://x', text: undefined },
      3,
      /text is required/,
    ],
    ['a location without lon', { ...text, type: 'location', location: { lat: 1 } }, 3, /location/],
    [
      'a keyboard without Type',
      { ...text, keyboard: { Buttons: [{ ActionBody: 'a' }] } },
      3,
      /keyboard is not valid/,
    ],
    [
      'a button 7 columns wide',
      { ...text, keyboard: { Type: 'keyboard', Buttons: [{ ActionBody: 'a', Columns: 7 }] } },
      3,
      /Columns/,
    ],
    ['long tracking data', { ...text, tracking_data: 'x'.repeat(4001) }, 3, /tracking_data/],
  ])('rejects %s', (_name, body, status, message) => {
    const rejection = checkSendMessage(body as Record<string, unknown>);
    expect(rejection?.status).toBe(status);
    expect(rejection?.statusMessage).toMatch(message);
  });
});

describe('checkBroadcastMessage', () => {
  const { receiver: _r, ...message } = text;
  it('takes 1 to 300 receivers', () => {
    expect(checkBroadcastMessage({ ...message, broadcast_list: ['a'] })).toBeNull();
    expect(
      checkBroadcastMessage({ ...message, broadcast_list: Array.from({ length: 300 }, (_, i) => `u${i}`) }),
    ).toBeNull();
    expect(
      checkBroadcastMessage({ ...message, broadcast_list: Array.from({ length: 301 }, (_, i) => `u${i}`) }),
    ).toEqual({
      status: 3,
      statusMessage: 'badData: broadcast_list has 301 receivers, at most 300 allowed',
    });
    expect(checkBroadcastMessage(message)?.status).toBe(4);
    expect(checkBroadcastMessage({ ...message, broadcast_list: [] })?.status).toBe(3);
  });
});
