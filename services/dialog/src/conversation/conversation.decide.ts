import {
  BotReplied,
  CitizenForgetRequested,
  CitizenMessageReceived,
  CitizenOptedOut,
  ConversationLanguageChosen,
  deterministicId,
  findReportReference,
  HandoffRequested,
  isLanguage,
  NoticeCategoriesChosen,
  OutgoingMessage,
  ReportDraftDiscarded,
  ReportDraftUpdated,
  ReportStatusRequested,
  ReportSubmitted,
  SendMessageToCitizen,
} from '@citizen-desk/contracts';
import { Content, Department, isServiceKind, Language, Topic } from '../content';
import { asksForContact, directoryEntriesNamed } from '../content/directory';
import { CitizenInput, readCitizenInput } from './citizen-input';
import { ConversationState } from './conversation.state';
import { askReportStatus, continueReportFlow, ReportFlowContext, startReportFlow } from './report-flow';
import {
  mainMenu,
  menuNode,
  plainText,
  renderForgetConfirmation,
  renderLanguageChoice,
  renderMenu,
  renderNoticeChoice,
  renderDirectory,
  renderNotUnderstood,
  renderTopicAnswer,
  uiText,
} from './reply-rendering';

/** What the free-text understanding made of the message (computed outside, so this stays pure). */
export interface TextUnderstanding {
  topic: string | null;
  confidence: number;
  language: string | null;
}

export interface HandleCitizenMessage {
  /** Id of the CitizenMessageReceived event: reply ids derive from it, so a retry repeats them. */
  eventId: string;
  received: CitizenMessageReceived;
  understanding: TextUnderstanding | null;
  now: string;
}

export type ConversationEvent =
  | { type: 'BotReplied'; data: BotReplied }
  | { type: 'HandoffRequested'; data: HandoffRequested }
  | { type: 'ConversationLanguageChosen'; data: ConversationLanguageChosen }
  | { type: 'CitizenOptedOut'; data: CitizenOptedOut }
  | { type: 'CitizenForgetRequested'; data: CitizenForgetRequested }
  | { type: 'ReportDraftUpdated'; data: ReportDraftUpdated }
  | { type: 'ReportDraftDiscarded'; data: ReportDraftDiscarded }
  | { type: 'ReportSubmitted'; data: ReportSubmitted }
  | { type: 'ReportStatusRequested'; data: ReportStatusRequested }
  | { type: 'NoticeCategoriesChosen'; data: NoticeCategoriesChosen };

export interface ConversationDecision {
  events: ConversationEvent[];
  commands: Array<{ type: 'SendMessageToCitizen'; data: SendMessageToCitizen }>;
  /** The citizen asked to be forgotten: the conversation's stream is erased after the reply is sent. */
  forget: boolean;
}

const NOTHING: ConversationDecision = { events: [], commands: [], forget: false };

interface Reply {
  /** null: the bot says nothing itself (another service answers). */
  message: OutgoingMessage | null;
  /** Messages sent after `message` (a directory too long for one Viber message). */
  more?: OutgoingMessage[];
  topic: string | null;
  outcome: BotReplied['outcome'];
  confidence?: number;
  events?: ConversationEvent[];
  language?: Language;
  forget?: boolean;
}

/**
 * The conversation's decision for one citizen message: the answer (a menu, a topic, an honest "I did
 * not understand"), and what else follows from it (a handoff, a language switch, an opt-out).
 */
export function decideReply(
  command: HandleCitizenMessage,
  state: ConversationState,
  content: Content,
): ConversationDecision {
  if (state.lastAnswered === command.eventId) return NOTHING;
  // A person is handling the conversation: the bot stays out of it until the handoff ends.
  if (state.handoff) return NOTHING;
  const input = readCitizenInput(command.received.message);
  // The handoff service's own buttons (end, rating) are its to answer, also after the session ended.
  if (input.kind === 'tap-handoff') return NOTHING;

  const citizenId = command.received.citizen.id;
  const detected = input.kind === 'text' ? command.understanding?.language : null;
  const language: Language = isLanguage(detected)
    ? detected
    : isLanguage(state.language)
      ? state.language
      : content.defaultLanguage;

  const ctx: ReplyContext = { command, state, content, language, citizenId, input };
  const inFlow = state.report ? continueReportFlow(input, state.report, ctx) : null;
  // Leaving a report half-way (a menu, another topic) discards the draft, then answers as usual.
  const left: ConversationEvent[] =
    state.report && !inFlow
      ? [{ type: 'ReportDraftDiscarded', data: { citizenId, reason: 'abandoned', at: command.now } }]
      : [];
  const reply: Reply = inFlow ?? replyTo(ctx);
  const replyLanguage = reply.language ?? language;
  const messages = reply.message ? [reply.message, ...(reply.more ?? [])] : [];
  const messageIds = messages.map((_, i) => deterministicId(`reply:${command.eventId}:${i}`));
  const botReplied: ConversationEvent = {
    type: 'BotReplied',
    data: {
      citizenId,
      inReplyTo: command.eventId,
      topic: reply.topic,
      outcome: reply.outcome,
      language: replyLanguage,
      ...(reply.confidence !== undefined ? { confidence: reply.confidence } : {}),
      ...(input.kind === 'text' ? { text: input.text } : {}),
      messageIds,
    },
  };
  return {
    events: [...left, ...(reply.events ?? []), botReplied],
    commands: messages.map((message, i) => ({
      type: 'SendMessageToCitizen' as const,
      data: {
        messageId: messageIds[i],
        citizenId,
        message,
        purpose: 'reply' as const,
        origin: 'dialog' as const,
      },
    })),
    forget: reply.forget ?? false,
  };
}

/** What every reply is decided from: the message, read once, and where the conversation stands. */
interface ReplyContext extends ReportFlowContext {
  state: ConversationState;
  input: CitizenInput;
}

function replyTo(ctx: ReplyContext): Reply {
  const { input, command, state, content, language, citizenId } = ctx;
  const topicById = (id: string) => content.topics.find((t) => t.id === id);
  switch (input.kind) {
    case 'tap-menu': {
      const node = menuNode(content, input.nodeId);
      if (node?.topic && topicById(node.topic)) return answerTopic(topicById(node.topic)!, ctx);
      return {
        message: node ? renderMenu(content, node, language) : mainMenu(content, language),
        topic: null,
        outcome: 'menu',
      };
    }
    case 'tap-topic': {
      const topic = topicById(input.topicId);
      return topic
        ? answerTopic(topic, ctx)
        : { message: mainMenu(content, language), topic: null, outcome: 'menu' };
    }
    case 'tap-language': {
      if (!isLanguage(input.language))
        return { message: renderLanguageChoice(content, language), topic: 'language', outcome: 'flow' };
      const chosen = input.language;
      return {
        message: mainMenu(content, chosen, uiText(content, 'languageChanged', chosen)),
        topic: null,
        outcome: 'flow',
        language: chosen,
        events: [
          { type: 'ConversationLanguageChosen', data: { citizenId, language: chosen, at: command.now } },
        ],
      };
    }
    case 'tap-operator': {
      const operatorTopic = content.topics.find((t) => t.kind === 'handoff');
      return handOff(operatorTopic, ctx);
    }
    case 'tap-forget': {
      if (!input.confirmed || state.awaiting !== 'forget-confirmation')
        return { message: mainMenu(content, language), topic: null, outcome: 'menu' };
      return {
        message: plainText(content, 'forgotten', language, false),
        topic: null,
        outcome: 'flow',
        forget: true,
        events: [{ type: 'CitizenForgetRequested', data: { citizenId, at: command.now } }],
      };
    }
    case 'tap-report':
      // "My reports" works any time; the flow's other buttons only inside the flow (handled before this).
      return input.action === 'mine'
        ? askReportStatus(ctx, null, null)
        : { message: mainMenu(content, language), topic: null, outcome: 'menu' };
    case 'tap-notice': {
      const known = content.noticeCategories.map((c) => c.id);
      if (!known.includes(input.categoryId))
        return {
          message: renderNoticeChoice(content, language, state.noticeCategories),
          topic: 'notices',
          outcome: 'flow',
        };
      const chosen = state.noticeCategories.includes(input.categoryId)
        ? state.noticeCategories.filter((c) => c !== input.categoryId)
        : known.filter((c) => c === input.categoryId || state.noticeCategories.includes(c));
      return {
        message: renderNoticeChoice(content, language, chosen, { saved: true }),
        topic: 'notices',
        outcome: 'flow',
        events: [
          { type: 'NoticeCategoriesChosen', data: { citizenId, categories: chosen, at: command.now } },
        ],
      };
    }
    case 'tap-handoff':
      // Not reached: decideReply leaves these taps to the handoff service.
      return { message: null, topic: null, outcome: 'flow' };
    case 'media':
      return { message: mainMenu(content, language), topic: null, outcome: 'menu' };
    case 'text': {
      const reference = findReportReference(input.text);
      if (reference) return askReportStatus(ctx, reference, null);
      const understood = command.understanding;
      const topic = understood?.topic ? topicById(understood.topic) : undefined;
      // "broj vodovoda": a body's name with a contact word is answered with its entry, whatever the match.
      const directory = content.topics.find((t) => t.kind === 'directory');
      if (directory && topic?.kind !== 'directory' && asksForContact(input.text)) {
        const named = directoryEntriesNamed(content.departments, input.text);
        if (named.length) return answerDirectory(directory, named, ctx);
      }
      if (!topic)
        return {
          message: renderNotUnderstood(content, language),
          topic: null,
          outcome: 'not-understood',
          confidence: understood?.confidence ?? 0,
        };
      return { ...answerTopic(topic, ctx), confidence: understood!.confidence };
    }
  }
}

function answerTopic(topic: Topic, ctx: ReplyContext): Reply {
  const { command, state, content, language, citizenId } = ctx;
  switch (topic.kind) {
    case 'handoff':
      return handOff(topic, ctx);
    case 'language':
      return { message: renderLanguageChoice(content, language), topic: topic.id, outcome: 'flow' };
    case 'notices':
      return {
        message: renderNoticeChoice(content, language, state.noticeCategories),
        topic: topic.id,
        outcome: 'flow',
      };
    case 'unsubscribe':
      return {
        message: mainMenu(content, language, uiText(content, 'unsubscribed', language)),
        topic: topic.id,
        outcome: 'answered',
        events: [{ type: 'CitizenOptedOut', data: { citizenId, at: command.now } }],
      };
    case 'forget-me':
      return { message: renderForgetConfirmation(content, language), topic: topic.id, outcome: 'flow' };
    case 'report':
      return startReportFlow(topic, ctx);
    case 'directory': {
      const { input } = ctx;
      const named = input.kind === 'text' ? directoryEntriesNamed(content.departments, input.text) : [];
      return answerDirectory(topic, named, ctx);
    }
    default:
      return { message: renderTopicAnswer(content, topic, language), topic: topic.id, outcome: 'answered' };
  }
}

/** The directory: the named entries, or all of them (in as many messages as needed). */
function answerDirectory(topic: Topic, named: Department[], ctx: ReplyContext): Reply {
  const [message, ...more] = renderDirectory(ctx.content, topic, ctx.language, named);
  return { message, ...(more.length ? { more } : {}), topic: topic.id, outcome: 'answered' };
}

/** Hands the conversation to a person of the department the citizen was asking about. */
function handOff(operatorTopic: Topic | undefined, ctx: ReplyContext): Reply {
  const { input, command, state, content, language, citizenId } = ctx;
  const last = state.lastTopic ? content.topics.find((t) => t.id === state.lastTopic) : undefined;
  const department =
    last && isServiceKind(last.kind) && last.kind !== 'handoff'
      ? last.department
      : (operatorTopic?.department ?? content.departments[0].id);
  return {
    message: { kind: 'text', text: uiText(content, 'operatorConnecting', language) },
    topic: operatorTopic?.id ?? 'operator',
    outcome: 'handoff',
    events: [
      {
        type: 'HandoffRequested',
        data: {
          citizenId,
          ...(command.received.citizen.name ? { citizenName: command.received.citizen.name } : {}),
          department,
          topic: last?.id ?? null,
          language,
          ...(input.kind === 'text' ? { text: input.text } : {}),
          requestedAt: command.now,
        },
      },
    ],
  };
}
