import { validateData } from '@citizen-desk/contracts';
import { parseViberCallback, stringifyViberJson, toChannelEvent } from '@citizen-desk/viber';
import {
  CitizenMessage,
  conversationStartedCallback,
  messageCallback,
  receiptCallback,
  subscriptionCallback,
  viberIdForSession,
} from './citizen-callbacks';

const citizen = { viberId: viberIdForSession('s1'), name: 'Građanin', language: 'en-US' };
const token = '5490829281232874123';

/** What the gateway would make of it: parsed from the wire format, mapped, checked against the contract. */
function throughGateway(callback: Record<string, unknown>) {
  const parsed = parseViberCallback(stringifyViberJson(callback));
  if (parsed.kind !== 'known') throw new Error('unknown callback');
  const event = toChannelEvent(parsed.callback, 'citizen:pseudonym-of-s1')!;
  return { event, data: validateData(event.type, event.data) };
}

describe('simulated citizen callbacks', () => {
  it('gives each browser session a stable Viber-looking id', () => {
    expect(viberIdForSession('s1')).toBe(citizen.viberId);
    expect(viberIdForSession('s2')).not.toBe(citizen.viberId);
    expect(citizen.viberId).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it.each<[string, CitizenMessage, object]>([
    ['text', { type: 'text', text: 'Radno vrijeme?' }, { kind: 'text', text: 'Radno vrijeme?' }],
    [
      'location',
      { type: 'location', lat: 42.2786, lon: 18.8372 },
      { kind: 'location', location: { lat: 42.2786, lon: 18.8372 } },
    ],
    [
      'picture',
      { type: 'picture', media: 'https://budva.example/a.jpg' },
      {
        kind: 'picture',
        mediaUrl: 'https://budva.example/a.jpg',
        thumbnailUrl: 'https://budva.example/a.jpg',
      },
    ],
    [
      'contact',
      { type: 'contact', name: 'Građanin', phone_number: '+38267123456' },
      { kind: 'contact', contact: { name: 'Građanin', phoneNumber: '+38267123456' } },
    ],
  ])('builds a %s message the gateway accepts', (_name, message, expected) => {
    const { event, data } = throughGateway(messageCallback(citizen, message, token, 1764064800000, 'flow:x'));
    expect(event.type).toBe('CitizenMessageReceived');
    expect(data).toMatchObject({
      citizen: { id: 'citizen:pseudonym-of-s1', name: 'Građanin', language: 'en-US', apiVersion: 10 },
      channelMessageId: token,
      message: expected,
      trackingData: 'flow:x',
      sentAt: '2025-11-25T10:00:00.000Z',
    });
  });

  it('builds conversation_started, subscription and receipt callbacks the gateway accepts', () => {
    expect(throughGateway(conversationStartedCallback(citizen, true, token, 1)).data).toMatchObject({
      subscribed: true,
      context: 'simulator',
    });
    expect(throughGateway(subscriptionCallback(citizen, 'subscribed', token, 1)).event.type).toBe(
      'CitizenSubscribed',
    );
    expect(throughGateway(subscriptionCallback(citizen, 'unsubscribed', token, 1)).event.type).toBe(
      'CitizenUnsubscribed',
    );
    expect(throughGateway(receiptCallback('delivered', citizen.viberId, token, 1)).data).toMatchObject({
      channelMessageId: token,
    });
    expect(throughGateway(receiptCallback('seen', citizen.viberId, token, 1)).event.type).toBe('MessageSeen');
  });
});
