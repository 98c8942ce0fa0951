import { Button, Keyboard, OutgoingMessage } from '@citizen-desk/contracts';
import { Content, Department, Language, MenuNode, Topic, UiTextKey } from '../content';
import { tap } from './citizen-input';

/**
 * Turns content into what the citizen sees, in one language. Pure: the same content, language and
 * topic always give the same message.
 */
const VIBER_TEXT_LIMIT = 7000;

export function uiText(content: Content, key: UiTextKey, language: Language): string {
  return content.texts[key][language];
}

function clip(text: string): string {
  return text.length <= VIBER_TEXT_LIMIT ? text : `${text.slice(0, VIBER_TEXT_LIMIT - 1)}…`;
}

function findNode(node: MenuNode, id: string): MenuNode | undefined {
  if (node.id === id) return node;
  for (const child of node.children ?? []) {
    const found = findNode(child, id);
    if (found) return found;
  }
  return undefined;
}

export function menuNode(content: Content, id: string): MenuNode | undefined {
  return findNode(content.menu, id);
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

function navigationButtons(content: Content, language: Language, opts: { operator: boolean }): Button[] {
  const buttons = [button(uiText(content, 'mainMenu', language), tap.menu(content.menu.id))];
  if (opts.operator) buttons.push(button(uiText(content, 'operatorButton', language), tap.operator()));
  return buttons;
}

/** A menu level: one button per child, then the way back to the main menu. */
export function renderMenu(
  content: Content,
  node: MenuNode,
  language: Language,
  prompt?: string,
): OutgoingMessage {
  const children = node.children ?? [];
  const buttons = children.map((child) =>
    button(child.label[language], child.topic ? tap.topic(child.topic) : tap.menu(child.id)),
  );
  if (node.id !== content.menu.id)
    buttons.push(button(uiText(content, 'mainMenu', language), tap.menu(content.menu.id), 6));
  return {
    kind: 'text',
    text: clip(prompt ?? uiText(content, 'menuPrompt', language)),
    keyboard: { buttons, inputField: 'regular' },
  };
}

export function mainMenu(content: Content, language: Language, prompt?: string): OutgoingMessage {
  return renderMenu(content, content.menu, language, prompt);
}

function renderDepartment(d: Department, language: Language): string {
  const lines = [`• ${d.name[language]}`];
  if (d.address) lines.push(`  ${d.address[language]}`);
  if (d.phones.length) lines.push(`  ☎ ${d.phones.join(', ')}`);
  if (d.emails.length) lines.push(`  ✉ ${d.emails.join(', ')}`);
  lines.push(`  ${d.officeHours[language]}`);
  if (d.note) lines.push(`  ${d.note[language]}`);
  return lines.join('\n');
}

function topicKeyboard(content: Content, topic: Topic, language: Language): Keyboard {
  const byId = new Map(content.topics.map((t) => [t.id, t]));
  const followUpTopics = topic.followUps.flatMap((id) => byId.get(id) ?? []);
  const followUps = followUpTopics.map((t) => button(t.title[language], tap.topic(t.id)));
  // The operator button is offered once: as a follow-up when the content names it, else in the navigation.
  const offersOperator = topic.kind === 'handoff' || followUpTopics.some((t) => t.kind === 'handoff');
  const buttons = [...followUps, ...navigationButtons(content, language, { operator: !offersOperator })];
  if (topic.kind === 'news')
    buttons.unshift({
      label: uiText(content, 'newsButton', language),
      action: 'open-url',
      value: content.newsUrl,
      columns: 6,
    });
  return { buttons: buttons.slice(0, 24), inputField: 'regular' };
}

/** The answer to a topic: its text, plus the directory or the health measures where the topic is one. */
export function renderTopicAnswer(content: Content, topic: Topic, language: Language): OutgoingMessage {
  const parts = [topic.answer[language]];
  if (topic.kind === 'directory')
    parts.push(content.departments.map((d) => renderDepartment(d, language)).join('\n\n'));
  if (topic.kind === 'health') {
    parts.push(content.healthMeasures.text[language]);
    if (content.healthMeasures.sourceUrl) parts.push(content.healthMeasures.sourceUrl);
  }
  return { kind: 'text', text: clip(parts.join('\n\n')), keyboard: topicKeyboard(content, topic, language) };
}

export function renderLanguageChoice(content: Content, language: Language): OutgoingMessage {
  return {
    kind: 'text',
    text: uiText(content, 'chooseLanguage', language),
    keyboard: { buttons: content.languages.map((l) => button(l.name, tap.language(l.code), 2)) },
  };
}

export function renderForgetConfirmation(content: Content, language: Language): OutgoingMessage {
  return {
    kind: 'text',
    text: uiText(content, 'forgetMeConfirm', language),
    keyboard: {
      buttons: [
        button(uiText(content, 'yes', language), tap.forget(true)),
        button(uiText(content, 'no', language), tap.forget(false)),
      ],
    },
  };
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
  opts: { saved?: boolean } = {},
): OutgoingMessage {
  const labels = content.noticeCategories
    .filter((c) => chosen.includes(c.id))
    .map((c) => `• ${c.label[language]}`);
  const status = chosen.length
    ? `${uiText(content, 'noticesSaved', language)}\n${labels.join('\n')}`
    : uiText(content, 'noticesNone', language);
  const text = opts.saved ? status : `${uiText(content, 'noticesPrompt', language)}\n\n${status}`;
  const buttons = content.noticeCategories.map((c) =>
    button(`${chosen.includes(c.id) ? '✓ ' : ''}${c.label[language]}`, tap.notice(c.id)),
  );
  buttons.push(button(uiText(content, 'mainMenu', language), tap.menu(content.menu.id), 6));
  return { kind: 'text', text: clip(text), keyboard: { buttons, inputField: 'regular' } };
}
