import { Button, Keyboard, OutgoingMessage } from '@citizen-desk/contracts';
import { Content, Department, Language, MenuNode, Topic, UiTextKey } from '../content';
import { packTexts, renderDirectoryEntry, VIBER_TEXT_LIMIT } from '../content/directory';
import { ConfirmAction, tap } from './citizen-input';
import { findMenuNode, parentMenuNode } from './menu-tree';

/**
 * Turns content into what the citizen sees, in one language. Pure: the same content, language and
 * topic always give the same message.
 */
export function uiText(content: Content, key: UiTextKey, language: Language): string {
  return content.texts[key][language];
}

function clip(text: string): string {
  return text.length <= VIBER_TEXT_LIMIT ? text : `${text.slice(0, VIBER_TEXT_LIMIT - 1)}…`;
}

export function menuNode(content: Content, id: string): MenuNode | undefined {
  return findMenuNode(content.menu, id);
}

const button = (label: string, value: string, columns = 3): Button => ({
  label: label.slice(0, 250),
  action: 'reply',
  value,
  columns,
});

/** A button that opens a topic, labelled with its title in the citizen's language and script. */
export const topicButton = (topic: Topic, language: Language, columns = 6): Button =>
  button(topic.title[language], tap.topic(topic.id), columns);

/** Two buttons to a row; an odd last one takes its row alone, so what follows starts a row of its own. */
function inPairs(buttons: Button[]): Button[] {
  return buttons.map((b, i) =>
    buttons.length % 2 === 1 && i === buttons.length - 1 ? { ...b, columns: 6 } : b,
  );
}

/**
 * The way around the menu, on one row: Back one level up (where `at`, the citizen's place in the menu,
 * has a level above) and Home, the main menu.
 */
export function navigationRow(content: Content, language: Language, at: MenuNode | undefined): Button[] {
  const hasParent = at !== undefined && parentMenuNode(content.menu, at.id) !== undefined;
  const home = button(uiText(content, 'mainMenu', language), tap.menu(content.menu.id), hasParent ? 3 : 6);
  return hasParent ? [button(uiText(content, 'back', language), tap.back()), home] : [home];
}

/** A menu level: one button per entry, then Back and Home below every submenu. */
export function renderMenu(
  content: Content,
  node: MenuNode,
  language: Language,
  prompt?: string,
): OutgoingMessage {
  const children = node.children ?? [];
  const buttons = inPairs(
    children.map((child) =>
      button(child.label[language], child.topic ? tap.topic(child.topic) : tap.menu(child.id)),
    ),
  );
  if (node.id !== content.menu.id) buttons.push(...navigationRow(content, language, node));
  return {
    kind: 'text',
    text: clip(prompt ?? uiText(content, 'menuPrompt', language)),
    keyboard: { buttons, inputField: 'regular' },
  };
}

export function mainMenu(content: Content, language: Language, prompt?: string): OutgoingMessage {
  return renderMenu(content, content.menu, language, prompt);
}

/** Follow-ups beyond this many are left off, so news, navigation and the operator always fit 12 rows. */
export const MAX_FOLLOW_UPS = 16;

function topicKeyboard(
  content: Content,
  topic: Topic,
  language: Language,
  at: MenuNode | undefined,
): Keyboard {
  const byId = new Map(content.topics.map((t) => [t.id, t]));
  const followUpTopics = topic.followUps.flatMap((id) => byId.get(id) ?? []).slice(0, MAX_FOLLOW_UPS);
  const followUps = inPairs(followUpTopics.map((t) => button(t.title[language], tap.topic(t.id))));
  // The operator button is offered once: as a follow-up when the content names it, else below.
  const offersOperator = topic.kind === 'handoff' || followUpTopics.some((t) => t.kind === 'handoff');
  const buttons = [...followUps, ...navigationRow(content, language, at)];
  if (!offersOperator) buttons.push(button(uiText(content, 'operatorButton', language), tap.operator(), 6));
  if (topic.kind === 'news')
    buttons.unshift({
      label: uiText(content, 'newsButton', language),
      action: 'open-url',
      value: content.newsUrl,
      columns: 6,
    });
  return { buttons, inputField: 'regular' };
}

/**
 * The answer to a topic: its text, plus the health measures where the topic is one.
 * `at` is the menu entry it was reached through (or found under): Back leads to that entry's menu.
 */
export function renderTopicAnswer(
  content: Content,
  topic: Topic,
  language: Language,
  at?: MenuNode,
): OutgoingMessage {
  const parts = [topic.answer[language]];
  if (topic.kind === 'health') {
    parts.push(content.healthMeasures.text[language]);
    if (content.healthMeasures.sourceUrl) parts.push(content.healthMeasures.sourceUrl);
  }
  return {
    kind: 'text',
    text: clip(parts.join('\n\n')),
    keyboard: topicKeyboard(content, topic, language, at),
  };
}

/**
 * The directory: only the entries the citizen named, else the topic's text and every entry, split into
 * as many messages as Viber's text limit needs (the buttons go with the last).
 */
export function renderDirectory(
  content: Content,
  topic: Topic,
  language: Language,
  named: readonly Department[],
  at?: MenuNode,
): OutgoingMessage[] {
  const entries = named.length ? named : content.departments;
  const blocks = entries.map((d) => renderDirectoryEntry(d, language));
  const pages = packTexts(named.length ? blocks : [topic.answer[language], ...blocks]);
  const keyboard = topicKeyboard(content, topic, language, at);
  return pages.map((text, i) =>
    i === pages.length - 1 ? { kind: 'text', text, keyboard } : { kind: 'text', text },
  );
}

export function renderLanguageChoice(content: Content, language: Language, at?: MenuNode): OutgoingMessage {
  return {
    kind: 'text',
    text: uiText(content, 'chooseLanguage', language),
    keyboard: {
      buttons: [
        ...content.languages.map((l) => button(l.name, tap.language(l.code), 2)),
        ...navigationRow(content, language, at),
      ],
    },
  };
}

/** "Are you sure?" before an action that changes something: only Yes acts. */
export function renderConfirmation(
  content: Content,
  language: Language,
  action: ConfirmAction,
  text: string,
): OutgoingMessage {
  return {
    kind: 'text',
    text: clip(text),
    keyboard: {
      buttons: [
        button(uiText(content, 'yes', language), tap.confirm(action, true)),
        button(uiText(content, 'no', language), tap.confirm(action, false)),
      ],
      inputField: 'regular',
    },
  };
}

export function renderForgetConfirmation(content: Content, language: Language): OutgoingMessage {
  return renderConfirmation(content, language, 'forget', uiText(content, 'forgetMeConfirm', language));
}

export function renderNotUnderstood(content: Content, language: Language): OutgoingMessage {
  const menu = mainMenu(content, language, uiText(content, 'notUnderstood', language));
  const buttons = [
    ...(menu.keyboard?.buttons ?? []),
    button(uiText(content, 'operatorButton', language), tap.operator(), 6),
  ];
  return { ...menu, keyboard: { buttons: buttons.slice(0, 24), inputField: 'regular' } };
}

/**
 * "Did you mean…?": the topics the text came close to, one full-width button each with the topic's
 * title, then the main menu and the operator, so a wrong guess costs the citizen one tap.
 */
export function renderDidYouMean(
  content: Content,
  topics: readonly Topic[],
  language: Language,
): OutgoingMessage {
  const buttons = [
    ...topics.map((topic) => topicButton(topic, language)),
    button(uiText(content, 'mainMenu', language), tap.menu(content.menu.id)),
    button(uiText(content, 'operatorButton', language), tap.operator()),
  ];
  return {
    kind: 'text',
    text: uiText(content, 'didYouMean', language),
    keyboard: { buttons: buttons.slice(0, 24), inputField: 'regular' },
  };
}

export function plainText(
  content: Content,
  key: UiTextKey,
  language: Language,
  withMenu = true,
): OutgoingMessage {
  const text = uiText(content, key, language);
  return withMenu ? mainMenu(content, language, text) : { kind: 'text', text };
}

/**
 * The notice subjects as switches: a tap turns one on or off. No subject chosen means every notice,
 * so a citizen who never opens this loses nothing.
 */
export function renderNoticeChoice(
  content: Content,
  language: Language,
  chosen: string[],
  opts: { saved?: boolean; at?: MenuNode; lead?: string } = {},
): OutgoingMessage {
  const status = noticeStatus(content, language, chosen, 'noticesSaved', 'noticesNone');
  const text = opts.saved ? status : `${uiText(content, 'noticesPrompt', language)}\n\n${status}`;
  const buttons = inPairs(
    content.noticeCategories.map((c) =>
      button(`${chosen.includes(c.id) ? '✓ ' : ''}${c.label[language]}`, tap.notice(c.id)),
    ),
  );
  buttons.push(...navigationRow(content, language, opts.at));
  return {
    kind: 'text',
    text: clip(opts.lead ? `${opts.lead}\n\n${text}` : text),
    keyboard: { buttons, inputField: 'regular' },
  };
}

/** Asks before saving a change of notice subjects, saying what the citizen would then receive. */
export function renderNoticeConfirmation(
  content: Content,
  language: Language,
  proposed: string[],
): OutgoingMessage {
  const text = noticeStatus(content, language, proposed, 'noticesConfirm', 'noticesConfirmAll');
  return renderConfirmation(content, language, 'subjects', text);
}

function noticeStatus(
  content: Content,
  language: Language,
  chosen: string[],
  some: UiTextKey,
  none: UiTextKey,
): string {
  const labels = content.noticeCategories
    .filter((c) => chosen.includes(c.id))
    .map((c) => `• ${c.label[language]}`);
  return chosen.length
    ? `${uiText(content, some, language)}\n${labels.join('\n')}`
    : uiText(content, none, language);
}
