import {
  BotReplied,
  CitizenForgetRequested,
  CitizenMessageReceived,
  CitizenOptedOut,
  CitizenSubscribed,
  CitizenUnsubscribed,
  ConversationLanguageChosen,
  ConversationOpened,
  Envelope,
  NoticeCategoriesChosen,
  Language,
} from '@citizen-desk/contracts';
import { noticeLanguageOf } from '../campaigns/campaign-message';

/**
 * What an event changes about a subscriber. Each change carries the time it happened: the projection
 * keeps the newest per field, so events handled out of order (consumers run concurrently, JetStream
 * redelivers) still leave the right state.
 */
export type SubscriberChange =
  | { kind: 'subscription'; citizenId: string; subscribed: boolean; at: string }
  | { kind: 'notices'; citizenId: string; notices: boolean; at: string }
  | { kind: 'language'; citizenId: string; language: Language; at: string }
  | { kind: 'categories'; citizenId: string; categories: string[]; at: string }
  | { kind: 'forget'; citizenId: string };

export function subscriberChangeOf(
  event: Pick<Envelope, 'type' | 'data' | 'occurredAt'>,
): SubscriberChange | null {
  switch (event.type) {
    case 'CitizenSubscribed': {
      const d = event.data as CitizenSubscribed;
      return { kind: 'subscription', citizenId: d.citizen.id, subscribed: true, at: d.at };
    }
    case 'CitizenUnsubscribed': {
      const d = event.data as CitizenUnsubscribed;
      return { kind: 'subscription', citizenId: d.citizenId, subscribed: false, at: d.at };
    }
    case 'ConversationOpened': {
      // Opening the chat is not subscribing: only an already subscribed citizen's open says so.
      const d = event.data as ConversationOpened;
      return d.subscribed
        ? { kind: 'subscription', citizenId: d.citizen.id, subscribed: true, at: d.at }
        : null;
    }
    case 'CitizenMessageReceived': {
      // Viber makes a citizen who writes a subscriber, without any `subscribed` callback.
      const d = event.data as CitizenMessageReceived;
      return { kind: 'subscription', citizenId: d.citizen.id, subscribed: true, at: d.sentAt };
    }
    case 'CitizenOptedOut': {
      const d = event.data as CitizenOptedOut;
      return { kind: 'notices', citizenId: d.citizenId, notices: false, at: d.at };
    }
    case 'CitizenForgetRequested':
      return { kind: 'forget', citizenId: (event.data as CitizenForgetRequested).citizenId };
    case 'ConversationLanguageChosen': {
      const d = event.data as ConversationLanguageChosen;
      const language = noticeLanguageOf(d.language);
      return language ? { kind: 'language', citizenId: d.citizenId, language, at: d.at } : null;
    }
    case 'BotReplied': {
      const d = event.data as BotReplied;
      const language = noticeLanguageOf(d.language);
      return language ? { kind: 'language', citizenId: d.citizenId, language, at: event.occurredAt } : null;
    }
    case 'NoticeCategoriesChosen': {
      const d = event.data as NoticeCategoriesChosen;
      // Choosing categories is asking for notices again, after an opt-out too.
      return {
        kind: 'categories',
        citizenId: d.citizenId,
        categories: [...new Set(d.categories)].sort(),
        at: d.at,
      };
    }
    default:
      return null;
  }
}
