import { makeEnvelope } from '@citizen-desk/contracts';
import { subscriberChangeOf } from './subscriber-change';

const at = '2026-11-25T10:00:00.000Z';
const event = (type: string, data: unknown) =>
  makeEnvelope({ type, version: 1, streamId: 's', data, occurredAt: at });
const citizen = { id: 'viber:u1', name: 'Ana' };

describe('subscriberChangeOf', () => {
  it.each([
    [
      'a subscription',
      event('CitizenSubscribed', { citizen, at }),
      { kind: 'subscription', citizenId: 'viber:u1', subscribed: true, at },
    ],
    [
      'an unsubscription',
      event('CitizenUnsubscribed', { citizenId: 'viber:u1', at }),
      { kind: 'subscription', citizenId: 'viber:u1', subscribed: false, at },
    ],
    [
      'a subscribed citizen opening the chat',
      event('ConversationOpened', { citizen, subscribed: true, at }),
      { kind: 'subscription', citizenId: 'viber:u1', subscribed: true, at },
    ],
    [
      'a first message (Viber subscribes whoever writes)',
      event('CitizenMessageReceived', {
        citizen,
        channelMessageId: '1',
        message: { kind: 'text', text: 'hi' },
        sentAt: at,
      }),
      { kind: 'subscription', citizenId: 'viber:u1', subscribed: true, at },
    ],
    [
      'an opt-out from notices',
      event('CitizenOptedOut', { citizenId: 'viber:u1', at }),
      { kind: 'notices', citizenId: 'viber:u1', notices: false, at },
    ],
    [
      'a request to be forgotten',
      event('CitizenForgetRequested', { citizenId: 'viber:u1', at }),
      { kind: 'forget', citizenId: 'viber:u1' },
    ],
    [
      'a language chosen',
      event('ConversationLanguageChosen', { citizenId: 'viber:u1', language: 'cnr-Cyrl', at }),
      { kind: 'language', citizenId: 'viber:u1', language: 'cnr-Cyrl', at },
    ],
    [
      'the language the bot answered in, at the time of the answer',
      event('BotReplied', {
        citizenId: 'viber:u1',
        inReplyTo: 'x',
        topic: null,
        outcome: 'menu',
        language: 'en',
        messageIds: [],
      }),
      { kind: 'language', citizenId: 'viber:u1', language: 'en', at },
    ],
    [
      'categories, de-duplicated and sorted',
      event('NoticeCategoriesChosen', {
        citizenId: 'viber:u1',
        categories: ['taxes', 'health', 'taxes'],
        at,
      }),
      { kind: 'categories', citizenId: 'viber:u1', categories: ['health', 'taxes'], at },
    ],
  ])('reads %s', (_name, e, expected) => {
    expect(subscriberChangeOf(e)).toEqual(expected);
  });

  it.each([
    ['opening the chat without subscribing', event('ConversationOpened', { citizen, subscribed: false, at })],
    [
      'a language the platform does not write in',
      event('ConversationLanguageChosen', { citizenId: 'viber:u1', language: 'de', at }),
    ],
    ['events about other things', event('MessageSent', {})],
  ])('ignores %s', (_name, e) => {
    expect(subscriberChangeOf(e)).toBeNull();
  });
});
