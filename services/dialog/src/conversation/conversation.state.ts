import {
  Envelope,
  HandoffRequested,
  BotReplied,
  ConversationLanguageChosen,
  NoticeCategoriesChosen,
  ReportDraftUpdated,
} from '@citizen-desk/contracts';

/** A yes/no question the bot asked before acting (stop notices, forget me, change notice subjects). */
export type PendingConfirmation = NonNullable<BotReplied['confirming']>;

/** A report the citizen is composing in the report flow (see report-flow.ts). */
export type ReportDraft = Omit<ReportDraftUpdated, 'citizenId'>;

/** What the dialog remembers of one citizen's conversation, folded from its stream. */
export interface ConversationState {
  /** The language of the last answer: used when a message does not tell (a tap, "ok"). */
  language: string | null;
  lastTopic: string | null;
  /** While a person handles the conversation, the bot stays silent. */
  handoff: { since: string; department: string } | null;
  /** A yes/no question the bot asked and awaits an answer to; any other reply drops it. */
  awaiting: PendingConfirmation | null;
  /**
   * Where the citizen is in the menu tree: the id of the menu node last shown, or of the menu entry
   * whose answer was last given. Back goes to its parent. null outside the menu.
   */
  menuAt: string | null;
  replies: number;
  lastAnswered: string | null;
  report: ReportDraft | null;
  /** The kinds of notices the citizen chose; none chosen means every notice. */
  noticeCategories: string[];
}

export const initialConversationState = (): ConversationState => ({
  language: null,
  lastTopic: null,
  handoff: null,
  awaiting: null,
  menuAt: null,
  replies: 0,
  lastAnswered: null,
  report: null,
  noticeCategories: [],
});

export function evolveConversation(state: ConversationState, event: Envelope): ConversationState {
  switch (event.type) {
    case 'BotReplied': {
      const data = event.data as BotReplied;
      return {
        ...state,
        language: data.language,
        lastTopic: data.topic ?? state.lastTopic,
        awaiting: data.confirming ?? legacyConfirmation(data),
        menuAt: data.menu ?? null,
        replies: state.replies + 1,
        lastAnswered: data.inReplyTo,
      };
    }
    case 'ConversationLanguageChosen':
      return { ...state, language: (event.data as ConversationLanguageChosen).language };
    case 'HandoffRequested': {
      const data = event.data as HandoffRequested;
      return { ...state, handoff: { since: data.requestedAt, department: data.department } };
    }
    case 'ReportDraftUpdated': {
      const { citizenId: _citizen, ...draft } = event.data as ReportDraftUpdated;
      return { ...state, report: draft };
    }
    case 'ReportDraftDiscarded':
    case 'ReportSubmitted':
      return { ...state, report: null };
    case 'NoticeCategoriesChosen':
      return { ...state, noticeCategories: (event.data as NoticeCategoriesChosen).categories };
    case 'ConversationResumed':
      return { ...state, handoff: null, awaiting: null };
    default:
      return state;
  }
}

/** Replies recorded before `confirming` existed asked to confirm forgetting by their topic alone. */
function legacyConfirmation(data: BotReplied): PendingConfirmation | null {
  return data.confirming === undefined && data.menu === undefined && data.topic === 'forget-me'
    ? { action: 'forget' }
    : null;
}

export const conversationStreamId = (citizenId: string) => `conversation-${citizenId}`;
