import { InvalidViberCallback, parseViberCallback } from './viber-callback.schema';
import {
  SAMPLE_TOKEN,
  SAMPLE_USER_ID,
  sampleCallbacks,
  sampleMessageCallback,
  sampleMessages,
} from './viber-callback-samples.test-support';

describe('parseViberCallback', () => {
  it.each(Object.entries(sampleCallbacks))('accepts a documented %s callback', (event, raw) => {
    const parsed = parseViberCallback(Buffer.from(raw));
    expect(parsed.kind).toBe('known');
    if (parsed.kind !== 'known') return;
    expect(parsed.callback.event).toBe(event);
    expect(parsed.callback.message_token).toBe(SAMPLE_TOKEN);
  });

  it('keeps the 64-bit message_token exact and the user', () => {
    const parsed = parseViberCallback(sampleCallbacks.message);
    if (parsed.kind !== 'known' || parsed.callback.event !== 'message') throw new Error('expected a message');
    expect(parsed.callback.message_token).toBe('5490829281232874001');
    expect(parsed.callback.sender).toMatchObject({
      id: SAMPLE_USER_ID,
      name: 'John McClane',
      api_version: 1,
    });
    expect(parsed.callback.message).toMatchObject({ type: 'text', tracking_data: 'flow:report' });
    // extra fields pass through
    expect((parsed.callback as Record<string, unknown>).silent).toBe(false);
  });

  it.each(Object.entries(sampleMessages))('accepts a %s message', (type, json) => {
    const parsed = parseViberCallback(sampleMessageCallback(json));
    expect(
      parsed.kind === 'known' && parsed.callback.event === 'message' && parsed.callback.message.type,
    ).toBe(type);
  });

  it('reports events it does not know as unknown', () => {
    expect(
      parseViberCallback('{"event":"client_status","timestamp":1,"message_token":5490829281232874001}'),
    ).toEqual({
      kind: 'unknown',
      event: 'client_status',
    });
    expect(parseViberCallback('{"event":"action","whatever":[1]}')).toEqual({
      kind: 'unknown',
      event: 'action',
    });
  });

  it.each([
    ['malformed JSON', '{"event":"message",', /not valid JSON/],
    ['an array', '[1,2]', /not a JSON object/],
    ['no event', '{"timestamp":1}', /no event/],
    [
      'a message without sender.id',
      sampleCallbacks.message.replace(`"id":"${SAMPLE_USER_ID}",`, ''),
      /sender\.id/,
    ],
    [
      'a message without message_token',
      sampleCallbacks.message.replace(`"message_token":${SAMPLE_TOKEN},`, ''),
      /message_token/,
    ],
    ['a message without a message type', sampleMessageCallback('{"text":"hi"}'), /message\.type/],
    [
      'a location out of range',
      sampleMessageCallback('{"type":"location","location":{"lat":91,"lon":0}}'),
      /message\.location\.lat/,
    ],
    [
      'a receipt without user_id',
      sampleCallbacks.seen.replace(`,"user_id":"${SAMPLE_USER_ID}"`, ''),
      /user_id/,
    ],
    [
      'a timestamp that is a string',
      sampleCallbacks.seen.replace('"timestamp":1457764197627', '"timestamp":"yesterday"'),
      /timestamp/,
    ],
  ])('rejects %s with a readable InvalidViberCallback', (_name, raw, message) => {
    expect(() => parseViberCallback(raw)).toThrow(InvalidViberCallback);
    expect(() => parseViberCallback(raw)).toThrow(message);
  });
});
