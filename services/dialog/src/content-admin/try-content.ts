import { isLanguage, OutgoingMessage } from '@citizen-desk/contracts';
import { Content, Language } from '../content';
import { readCitizenInput } from '../conversation/citizen-input';
import { decideReply } from '../conversation/conversation.decide';
import { initialConversationState } from '../conversation/conversation.state';
import { withoutReportReferences } from '../conversation/report-flow';
import { understand, UnderstandingModel } from '../understanding';

/** One message typed (or one button tapped) in the editors' embedded chat. */
export interface TryMessage {
  /** What the citizen writes, or a button's value (`topic:property-tax`, `menu:taxes`, `nav:back`). */
  text: string;
  /** The language the conversation is in so far (a tap carries none; free text is detected). */
  language?: Language;
  /** Where the chat stands in the menu (the `menu` of the previous answer), so Back and taps work. */
  menuAt?: string | null;
}

export interface TriedReply {
  /** The topic the bot answered, null for a menu or when it did not understand. */
  topic: string | null;
  outcome: 'menu' | 'answered' | 'not-understood' | 'handoff' | 'flow';
  confidence: number | null;
  /** Topics that came close when it did not understand (offered as "did you mean…?"). */
  candidates: string[];
  language: string;
  menuAt: string | null;
  /** Exactly what the citizen would get, buttons included. */
  messages: OutgoingMessage[];
}

/** A fixed citizen and event id: the chat has no citizen, and nothing of it is recorded. */
const TRY_CITIZEN = 'try:editor';
const TRY_EVENT = '00000000-0000-4000-8000-000000000000';

/**
 * What the bot would answer to one message if `content` were published: the same understanding and the
 * same conversation decision the dialog uses for citizens, on a fresh conversation (at `menuAt`, in
 * `language`). Nothing is appended or sent: the events of the decision are dropped.
 */
export function tryContent(
  content: Content,
  model: UnderstandingModel,
  message: TryMessage,
  now: Date,
): TriedReply {
  const incoming = { kind: 'text' as const, text: message.text };
  const input = readCitizenInput(incoming);
  const understanding = input.kind === 'text' ? understand(withoutReportReferences(input.text), model) : null;
  const state = {
    ...initialConversationState(),
    language: message.language ?? null,
    menuAt: message.menuAt ?? null,
  };
  const decision = decideReply(
    {
      eventId: TRY_EVENT,
      received: {
        citizen: { id: TRY_CITIZEN },
        channelMessageId: 'try',
        message: incoming,
        sentAt: now.toISOString(),
      },
      understanding,
      now: now.toISOString(),
    },
    state,
    content,
  );
  const replied = decision.events.find((e) => e.type === 'BotReplied');
  const data = replied?.type === 'BotReplied' ? replied.data : null;
  return {
    topic: data?.topic ?? null,
    outcome: data?.outcome ?? 'flow',
    confidence: data?.confidence ?? understanding?.confidence ?? null,
    candidates: [...(understanding?.candidates ?? [])],
    language: isLanguage(data?.language) ? data.language : content.defaultLanguage,
    menuAt: data?.menu ?? null,
    messages: decision.commands.map((c) => c.data.message),
  };
}

/**
 * The understanding model of the draft, rebuilt only when the draft changes (building it for every
 * message of the chat would cost more than the answer). One entry: there is one draft.
 */
export class DraftModelCache {
  private entry: { key: string; model: UnderstandingModel } | null = null;

  constructor(private readonly build: (content: Content) => UnderstandingModel) {}

  modelOf(key: string, content: Content): UnderstandingModel {
    if (this.entry?.key !== key) this.entry = { key, model: this.build(content) };
    return this.entry.model;
  }
}
