import {
  BotReplied,
  CitizenForgetRequested,
  CitizenMessageReceived,
  CitizenOptedOut,
  ConversationLanguageChosen,
  deterministicId,
  findReportReference,
  findStaffLinkCode,
  HandoffRequested,
  isLanguage,
  NoticeCategoriesChosen,
  OutgoingMessage,
  ReportDraftDiscarded,
  ReportDraftUpdated,
  ReportStatusRequested,
  ReportSubmitted,
  SendMessageToCitizen,
  StaffViberLinkRequested,
} from '@citizen-desk/contracts';
import { Content, Department, isServiceKind, Language, MenuNode, Topic } from '../content';
import { asksForContact, directoryEntriesNamed } from '../content/directory';
import { CitizenInput, readCitizenInput, tap } from './citizen-input';
import { ConversationState, PendingConfirmation } from './conversation.state';
import { backTarget, enclosingMenu, menuEntryForTopic } from './menu-tree';
import { askReportStatus, continueReportFlow, ReportFlowContext, startReportFlow } from './report-flow';
import {
  mainMenu,
  menuNode,
  plainText,
  renderConfirmation,
  renderForgetConfirmation,
  renderLanguageChoice,
  renderMenu,
  renderNoticeChoice,
  renderDirectory,
  renderNoticeConfirmation,
  renderDidYouMean,
  renderNotUnderstood,
  renderTopicAnswer,
  topicButton,
  uiText,
} from './reply-rendering';

/** What the free-text understanding made of the message (computed outside, so this stays pure). */
export interface TextUnderstanding {
  topic: string | null;
  confidence: number;
  language: string | null;
  /** Not understood, but these topics came close: offered as "did you mean…?", best first. */
  candidates?: readonly string[];
  /** Understood, and the message also asks about this second topic: offered beside the answer. */
  alsoTopic?: string | null;
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
  | { type: 'NoticeCategoriesChosen'; data: NoticeCategoriesChosen }
  | { type: 'StaffViberLinkRequested'; data: StaffViberLinkRequested };

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
  /** The citizen's place in the menu after this reply (see ConversationState.menuAt). */
  menu?: string;
  /** The yes/no question this reply asks. */
  confirming?: PendingConfirmation;
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
      ...(reply.menu ? { menu: reply.menu } : {}),
      ...(reply.confirming ? { confirming: reply.confirming } : {}),
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
        // Sent after the citizen is forgotten: the gateway keeps their Viber id for it alone.
        ...(reply.forget ? { farewell: true } : {}),
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

/** A menu level as the reply, the citizen now standing in it. */
function showMenu(node: MenuNode, ctx: ReplyContext, prompt?: string): Reply {
  return {
    message: renderMenu(ctx.content, node, ctx.language, prompt),
    topic: null,
    outcome: 'menu',
    menu: node.id,
  };
}

/** The answer to a staff link code; whether the code was valid, the staff member sees in the API. */
const STAFF_LINKED: Record<Language, string> = {
  'cnr-Latn': 'Kod je primljen: ako važi, ovaj Viber nalog je povezan s vašim službeničkim nalogom.',
  'cnr-Cyrl': 'Код је примљен: ако важи, овај Viber налог је повезан с вашим службеничким налогом.',
  en: 'Code received: if it is valid, this Viber account is now linked to your staff account.',
};

function replyTo(ctx: ReplyContext): Reply {
  const { input, command, state, content, language, citizenId } = ctx;
  const topicById = (id: string) => content.topics.find((t) => t.id === id);
  const home = (prompt?: string) => showMenu(content.menu, ctx, prompt);
  /** The entry a topic is answered under, the citizen's current menu first. */
  const entryFor = (topicId: string) => menuEntryForTopic(content.menu, topicId, state.menuAt);
  switch (input.kind) {
    case 'tap-menu': {
      const node = menuNode(content, input.nodeId);
      const topic = node?.topic ? topicById(node.topic) : undefined;
      if (node && topic) return answerTopic(topic, ctx, node);
      return node?.children ? showMenu(node, ctx) : home();
    }
    case 'tap-back':
      return showMenu(backTarget(content.menu, state.menuAt), ctx);
    case 'tap-topic': {
      const topic = topicById(input.topicId);
      return topic ? answerTopic(topic, ctx, entryFor(topic.id)) : home();
    }
    case 'tap-language': {
      if (!isLanguage(input.language))
        return {
          message: renderLanguageChoice(
            content,
            language,
            state.menuAt ? menuNode(content, state.menuAt) : undefined,
          ),
          topic: 'language',
          outcome: 'flow',
          ...(state.menuAt ? { menu: state.menuAt } : {}),
        };
      const chosen = input.language;
      return {
        message: mainMenu(content, chosen, uiText(content, 'languageChanged', chosen)),
        topic: null,
        outcome: 'flow',
        language: chosen,
        menu: content.menu.id,
        events: [
          { type: 'ConversationLanguageChosen', data: { citizenId, language: chosen, at: command.now } },
        ],
      };
    }
    case 'tap-operator': {
      const operatorTopic = content.topics.find((t) => t.kind === 'handoff');
      return handOff(operatorTopic, ctx);
    }
    case 'tap-confirm':
      return answerConfirmation(input.action, input.confirmed, ctx);
    case 'tap-report':
      // "My reports" works any time; the flow's other buttons only inside the flow (handled before this).
      return input.action === 'mine' ? askReportStatus(ctx, null, null) : home();
    case 'tap-notice': {
      const known = content.noticeCategories.map((c) => c.id);
      const noticesTopic = content.topics.find((t) => t.kind === 'notices');
      const at = state.menuAt ?? (noticesTopic ? entryFor(noticesTopic.id)?.id : undefined);
      if (!known.includes(input.categoryId))
        return {
          message: renderNoticeChoice(content, language, state.noticeCategories, {
            at: at ? menuNode(content, at) : undefined,
          }),
          topic: 'notices',
          outcome: 'flow',
          ...(at ? { menu: at } : {}),
        };
      const proposed = state.noticeCategories.includes(input.categoryId)
        ? state.noticeCategories.filter((c) => c !== input.categoryId)
        : known.filter((c) => c === input.categoryId || state.noticeCategories.includes(c));
      return {
        message: renderNoticeConfirmation(content, language, proposed),
        topic: 'notices',
        outcome: 'flow',
        confirming: { action: 'subjects', categories: proposed },
        ...(at ? { menu: at } : {}),
      };
    }
    case 'tap-handoff':
      // Not reached: decideReply leaves these taps to the handoff service.
      return { message: null, topic: null, outcome: 'flow' };
    case 'media':
      return home();
    case 'text': {
      // A staff member's one-time code: broadcast checks it and links this Viber account to theirs.
      const linkCode = findStaffLinkCode(input.text);
      if (linkCode)
        return {
          message: { kind: 'text', text: STAFF_LINKED[language] },
          topic: null,
          outcome: 'flow',
          events: [{ type: 'StaffViberLinkRequested', data: { citizenId, code: linkCode, at: command.now } }],
        };
      const reference = findReportReference(input.text);
      if (reference) return askReportStatus(ctx, reference, null);
      const understood = command.understanding;
      const topic = understood?.topic ? topicById(understood.topic) : undefined;
      // "broj vodovoda": a body's name with a contact word is answered with its entry, whatever the match.
      const directory = content.topics.find((t) => t.kind === 'directory');
      if (directory && topic?.kind !== 'directory' && asksForContact(input.text)) {
        const named = directoryEntriesNamed(content.departments, input.text);
        if (named.length) return answerDirectory(directory, named, ctx, entryFor(directory.id));
      }
      if (!topic) return notUnderstood(understood, ctx);
      const answer = answerTopic(topic, ctx, entryFor(topic.id));
      const also = understood?.alsoTopic ? topicById(understood.alsoTopic) : undefined;
      return { ...withOffer(answer, also, ctx), confidence: understood!.confidence };
    }
  }
}

/**
 * The citizen's Yes or No to an "Are you sure?" question. Only a Yes to the question the bot asked
 * last acts; No (or a stale button) changes nothing and returns to the menu the citizen was in.
 */
function answerConfirmation(
  action: PendingConfirmation['action'],
  confirmed: boolean,
  ctx: ReplyContext,
): Reply {
  const { command, state, content, language, citizenId } = ctx;
  const asked = state.awaiting?.action === action ? state.awaiting : null;
  const here = enclosingMenu(content.menu, state.menuAt);
  const at = state.menuAt ? menuNode(content, state.menuAt) : undefined;
  if (!asked || !confirmed) {
    if (action === 'subjects')
      return {
        message: renderNoticeChoice(content, language, state.noticeCategories, {
          at,
          lead: uiText(content, 'confirmDeclined', language),
        }),
        topic: 'notices',
        outcome: 'flow',
        ...(at ? { menu: at.id } : {}),
      };
    return showMenu(here, ctx, uiText(content, 'confirmDeclined', language));
  }
  switch (asked.action) {
    case 'forget':
      return {
        message: plainText(content, 'forgotten', language, false),
        topic: null,
        outcome: 'flow',
        forget: true,
        events: [{ type: 'CitizenForgetRequested', data: { citizenId, at: command.now } }],
      };
    case 'unsubscribe':
      return {
        ...showMenu(here, ctx, uiText(content, 'unsubscribed', language)),
        outcome: 'flow',
        events: [{ type: 'CitizenOptedOut', data: { citizenId, at: command.now } }],
      };
    case 'subjects': {
      const categories = asked.categories ?? [];
      return {
        message: renderNoticeChoice(content, language, categories, { saved: true, at }),
        topic: 'notices',
        outcome: 'flow',
        ...(at ? { menu: at.id } : {}),
        events: [{ type: 'NoticeCategoriesChosen', data: { citizenId, categories, at: command.now } }],
      };
    }
  }
}

/**
 * The topics worth offering when the text was not understood: the ones the understanding found close,
 * that exist in this content version, without small talk when a service is among them (a citizen asking
 * something is not helped by "did you mean: hello?").
 */
export function topicsToOffer(understood: TextUnderstanding | null | undefined, content: Content): Topic[] {
  const topics = (understood?.candidates ?? []).flatMap(
    (id) => content.topics.find((t) => t.id === id) ?? [],
  );
  const services = topics.filter((t) => isServiceKind(t.kind));
  return services.length > 0 ? services : topics;
}

/** Not understood: "did you mean…?" with the close topics as buttons, or the honest answer and the menu. */
function notUnderstood(understood: TextUnderstanding | null | undefined, ctx: ReplyContext): Reply {
  const { content, language } = ctx;
  const offered = topicsToOffer(understood, content);
  return {
    message:
      offered.length > 0
        ? renderDidYouMean(content, offered, language)
        : renderNotUnderstood(content, language),
    topic: null,
    outcome: 'not-understood',
    confidence: understood?.confidence ?? 0,
    menu: content.menu.id,
  };
}

/**
 * A message that asks about two things gets the first answered and the second offered as a button on
 * top of the answer's keyboard. Only on a plain answer: a flow (a report, the operator) keeps its own
 * buttons, and the citizen can ask the second thing after it.
 */
function withOffer(answer: Reply, also: Topic | undefined, ctx: ReplyContext): Reply {
  if (!also || answer.outcome !== 'answered' || answer.topic === also.id) return answer;
  // Thanks or a greeting that came with the question is small talk: there is nothing to tap for it.
  if (also.kind === 'smalltalk') return answer;
  if (answer.message?.kind !== 'text' || !answer.message.keyboard) return answer;
  const keyboard = answer.message.keyboard;
  const alreadyOffered = keyboard.buttons.some((b) => b.value === tap.topic(also.id));
  if (alreadyOffered) return answer;
  const buttons = [topicButton(also, ctx.language), ...keyboard.buttons].slice(0, 24);
  return { ...answer, message: { ...answer.message, keyboard: { ...keyboard, buttons } } };
}

/** Answers a topic; `entry` is the menu entry it was reached through or found under (for Back). */
function answerTopic(topic: Topic, ctx: ReplyContext, entry?: MenuNode): Reply {
  const { state, content, language } = ctx;
  const menu = entry ? { menu: entry.id } : {};
  switch (topic.kind) {
    case 'handoff':
      return handOff(topic, ctx);
    case 'language':
      return {
        message: renderLanguageChoice(content, language, entry),
        topic: topic.id,
        outcome: 'flow',
        ...menu,
      };
    case 'notices':
      return {
        message: renderNoticeChoice(content, language, state.noticeCategories, { at: entry }),
        topic: topic.id,
        outcome: 'flow',
        ...menu,
      };
    case 'unsubscribe':
      return {
        message: renderConfirmation(
          content,
          language,
          'unsubscribe',
          uiText(content, 'unsubscribeConfirm', language),
        ),
        topic: topic.id,
        outcome: 'flow',
        confirming: { action: 'unsubscribe' },
        ...menu,
      };
    case 'forget-me':
      return {
        message: renderForgetConfirmation(content, language),
        topic: topic.id,
        outcome: 'flow',
        confirming: { action: 'forget' },
        ...menu,
      };
    case 'report':
      return startReportFlow(topic, ctx);
    case 'directory': {
      const { input } = ctx;
      const named = input.kind === 'text' ? directoryEntriesNamed(content.departments, input.text) : [];
      return answerDirectory(topic, named, ctx, entry);
    }
    default:
      return {
        message: renderTopicAnswer(content, topic, language, entry),
        topic: topic.id,
        outcome: 'answered',
        ...menu,
      };
  }
}

/** The directory: the named entries, or all of them (in as many messages as needed). */
function answerDirectory(topic: Topic, named: Department[], ctx: ReplyContext, entry?: MenuNode): Reply {
  const [message, ...more] = renderDirectory(ctx.content, topic, ctx.language, named, entry);
  return {
    message,
    ...(more.length ? { more } : {}),
    topic: topic.id,
    outcome: 'answered',
    ...(entry ? { menu: entry.id } : {}),
  };
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
