import { EventType, deterministicId, validateData } from '@citizen-desk/contracts';
import { toChannelEvent as toEventOf, viberUserIdOf } from './callback-to-event';
import { ViberCallback, parseViberCallback } from './viber-callback.schema';
import {
  SAMPLE_TOKEN,
  SAMPLE_USER_ID,
  sampleCallbacks,
  sampleMessageCallback,
  sampleMessages,
} from './viber-callback-samples.test-support';

function callbackOf(raw: string): ViberCallback {
  const parsed = parseViberCallback(raw);
  if (parsed.kind !== 'known') throw new Error('expected a known callback');
  return parsed.callback;
}

/** The gateway's pseudonym of the sample user: the only citizen id the event may carry. */
const PSEUDONYM = 'citizen:pseudonym-of-the-sample-user';
const toChannelEvent = (callback: ViberCallback) => toEventOf(callback, PSEUDONYM);

const expectedTypes: Record<keyof typeof sampleCallbacks, EventType | null> = {
  webhook: null,
  conversation_started: 'ConversationOpened',
  subscribed: 'CitizenSubscribed',
  unsubscribed: 'CitizenUnsubscribed',
  message: 'CitizenMessageReceived',
  delivered: 'MessageDelivered',
  seen: 'MessageSeen',
  failed: 'MessageDeliveryFailed',
};

describe('toChannelEvent', () => {
  it.each(Object.entries(expectedTypes))('maps %s to %s with data the contract accepts', (event, type) => {
    const result = toChannelEvent(callbackOf(sampleCallbacks[event as keyof typeof sampleCallbacks]));
    if (type === null) return expect(result).toBeNull();
    expect(result).not.toBeNull();
    expect(result!.type).toBe(type);
    expect(result!.streamId).toBe(`citizen-${PSEUDONYM}`);
    expect(result!.id).toBe(deterministicId(`viber:${event}:${SAMPLE_TOKEN}:${PSEUDONYM}`));
    expect(validateData(type, result!.data)).toEqual(result!.data);
  });

  it.each(Object.keys(expectedTypes))(
    'names the Viber user of %s, and the event never carries their id',
    (event) => {
      const callback = callbackOf(sampleCallbacks[event as keyof typeof sampleCallbacks]);
      expect(viberUserIdOf(callback)).toBe(event === 'webhook' ? null : SAMPLE_USER_ID);
      expect(JSON.stringify(toChannelEvent(callback) ?? {})).not.toContain(SAMPLE_USER_ID);
    },
  );

  it('gives a re-delivered callback the same event id, and another token another id', () => {
    const first = toChannelEvent(callbackOf(sampleCallbacks.message));
    const again = toChannelEvent(callbackOf(sampleCallbacks.message));
    const other = toChannelEvent(
      callbackOf(sampleCallbacks.message.replace(SAMPLE_TOKEN, '5490829281232874002')),
    );
    expect(again!.id).toBe(first!.id);
    expect(other!.id).not.toBe(first!.id);
  });

  it('builds the citizen message from the sender and the text message', () => {
    expect(toChannelEvent(callbackOf(sampleCallbacks.message))!.data).toEqual({
      citizen: {
        id: PSEUDONYM,
        name: 'John McClane',
        avatarUrl: 'http://avatar.example.com',
        country: 'UK',
        language: 'en',
        apiVersion: 1,
      },
      channelMessageId: '5490829281232874001',
      message: { kind: 'text', text: 'a message to the service' },
      trackingData: 'flow:report',
      sentAt: '2016-03-12T06:29:57.627Z',
    });
  });

  it.each([
    ['text', { kind: 'text', text: 'Dobar dan' }],
    [
      'picture',
      {
        kind: 'picture',
        text: 'rupa na putu',
        mediaUrl: 'http://www.images.com/img.jpg',
        thumbnailUrl: 'http://www.images.com/thumb.jpg',
        fileName: 'img.jpg',
      },
    ],
    [
      'video',
      {
        kind: 'video',
        mediaUrl: 'http://www.images.com/video.mp4',
        thumbnailUrl: 'http://www.images.com/thumb.jpg',
        fileSize: 10000,
        durationSeconds: 10,
      },
    ],
    [
      'file',
      {
        kind: 'file',
        mediaUrl: 'http://www.images.com/file.pdf',
        fileSize: 10000,
        fileName: 'name_of_file.pdf',
      },
    ],
    ['location', { kind: 'location', location: { lat: 42.2864, lon: 18.84, address: 'Budva, Montenegro' } }],
    ['contact', { kind: 'contact', contact: { name: 'Itamar', phoneNumber: '+972511123123' } }],
    ['sticker', { kind: 'sticker', stickerId: 46105 }],
    ['url', { kind: 'url', mediaUrl: 'http://www.website.com/go_here' }],
    ['rich_media', { kind: 'other' }],
  ])('maps a %s message, valid for the contract', (type, expected) => {
    const event = toChannelEvent(callbackOf(sampleMessageCallback(sampleMessages[type])))!;
    const data = validateData('CitizenMessageReceived', event.data);
    expect(data.message).toEqual(expected);
  });

  it('maps an unknown future message type to kind other', () => {
    const event = toChannelEvent(callbackOf(sampleMessageCallback('{"type":"hologram","text":"hi"}')))!;
    expect(validateData('CitizenMessageReceived', event.data).message).toEqual({ kind: 'other', text: 'hi' });
  });

  it('keeps conversation context and subscription, and the failure reason', () => {
    expect(toChannelEvent(callbackOf(sampleCallbacks.conversation_started))!.data).toMatchObject({
      context: 'qr-code-beach',
      subscribed: false,
      at: '2016-03-12T06:29:57.627Z',
    });
    expect(toChannelEvent(callbackOf(sampleCallbacks.failed))!.data).toEqual({
      citizenId: PSEUDONYM,
      channelMessageId: SAMPLE_TOKEN,
      at: '2016-03-12T06:29:57.627Z',
      reason: 'failure description',
    });
    expect(toChannelEvent(callbackOf(sampleCallbacks.seen))!.data).not.toHaveProperty('reason');
  });

  it('drops empty profile fields and clips over-long ones so the contract still accepts the event', () => {
    const raw = sampleCallbacks.subscribed
      .replace('"avatar":"http://avatar.example.com"', '"avatar":""')
      .replace('"language":"en"', `"language":"${'x'.repeat(40)}"`);
    const data = validateData('CitizenSubscribed', toChannelEvent(callbackOf(raw))!.data);
    expect(data.citizen.avatarUrl).toBeUndefined();
    expect(data.citizen.language).toHaveLength(16);
  });

  it('gives a token-less subscription a stable id from its timestamp', () => {
    const raw = sampleCallbacks.unsubscribed.replace(`,"message_token":${SAMPLE_TOKEN}`, '');
    const a = toChannelEvent(callbackOf(raw))!;
    expect(a.id).toBe(deterministicId(`viber:unsubscribed:t1457764197627:${PSEUDONYM}`));
  });
});
