import {
  CitizenMessageReceived,
  Envelope,
  IncomingMessage,
  makeEnvelope,
  OutgoingMessage,
} from '@citizen-desk/contracts';
import {
  keyboardGridRows,
  keyboardLimitViolations,
  toViberKeyboard,
  toViberMessage,
  VIBER_KEYBOARD_VISIBLE_ROWS,
} from '@citizen-desk/viber';
import {
  Content,
  contentSchema,
  Language,
  LANGUAGES,
  loadSeedContent,
  MAX_MENU_ENTRIES,
  MenuNode,
} from '../content';
import { ConversationDecision, decideReply, TextUnderstanding } from './conversation.decide';
import { ConversationState, evolveConversation, initialConversationState } from './conversation.state';
import { allMenus } from './menu-tree';

/**
 * Walks every state a citizen can reach by tapping (the main menu, each submenu, each answer, each
 * confirmation, the notice subjects, the report flow), plus every topic asked in words, something not
 * understood and a sticker, in every language; and checks each keyboard the bot sent against Viber's
 * limits (libs/viber keyboard-limits): at most 24 buttons, Columns 1–6, Rows 1–2, laid out in at most
 * 12 rows of 6 columns, Text 1–250 characters, ActionBody 1–4,096 bytes, the whole body within 30 KB.
 */
let seq = 0;
const now = '2026-11-25T10:00:01.000Z';

function command(message: IncomingMessage, understanding: TextUnderstanding | null) {
  const received: CitizenMessageReceived = {
    citizen: { id: 'viber:walker', name: 'W' },
    channelMessageId: String(++seq),
    message,
    sentAt: '2026-11-25T10:00:00Z',
  };
  return { eventId: `w${seq}`, received, understanding, now };
}

const fold = (state: ConversationState, d: ConversationDecision) =>
  d.events.reduce(
    (s, e) =>
      evolveConversation(
        s,
        makeEnvelope({ type: e.type, version: 1, streamId: 's', data: e.data }) as Envelope,
      ),
    state,
  );

interface Seen {
  message: OutgoingMessage;
  language: Language;
  /** What led here, for the failure message. */
  path: string;
  state: ConversationState;
  reply: ConversationDecision;
}

function walk(content: Content, language: Language, limit = 4000): Seen[] {
  const seen: Seen[] = [];
  const visited = new Set<string>();
  const start = fold(initialConversationState(), {
    events: [{ type: 'ConversationLanguageChosen', data: { citizenId: 'viber:walker', language, at: now } }],
    commands: [],
    forget: false,
  });
  const queue: Array<{
    state: ConversationState;
    message: IncomingMessage;
    understanding: TextUnderstanding | null;
    path: string;
  }> = [];
  const text = (t: string, topic: string | null = null) => ({
    message: { kind: 'text' as const, text: t },
    understanding: { topic, confidence: topic ? 0.9 : 0, language },
  });
  const enqueueFrom = (state: ConversationState, path: string, buttons: string[]) => {
    for (const value of buttons)
      queue.push({
        state,
        path: `${path} → ${value}`,
        message: { kind: 'text', text: value },
        understanding: null,
      });
    // Words, where the report flow waits for a description or an address.
    if (state.report) queue.push({ state, path: `${path} → (words)`, ...text('Rupa na putu kod pošte') });
  };
  queue.push({
    state: start,
    path: 'main',
    message: { kind: 'text', text: `menu:${content.menu.id}` },
    understanding: null,
  });
  queue.push({
    state: start,
    path: 'sticker',
    message: { kind: 'sticker', stickerId: 1 },
    understanding: null,
  });
  queue.push({ state: start, path: 'not understood', ...text('koliko je sati') });
  for (const topic of content.topics)
    queue.push({ state: start, path: `words: ${topic.id}`, ...text(topic.id, topic.id) });

  while (queue.length && seen.length < limit) {
    const next = queue.shift()!;
    const key = JSON.stringify([
      next.message.text ?? next.message.kind,
      next.understanding?.topic,
      next.state.menuAt,
      next.state.awaiting,
      next.state.report?.step ?? null,
      next.state.noticeCategories,
      next.state.handoff !== null,
    ]);
    if (visited.has(key)) continue;
    visited.add(key);
    const reply = decideReply(command(next.message, next.understanding), next.state, content);
    const state = fold(next.state, reply);
    for (const c of reply.commands)
      seen.push({ message: c.data.message, language, path: next.path, state, reply });
    if (reply.forget || state.handoff) continue;
    const buttons = reply.commands
      .flatMap((c) => c.data.message.keyboard?.buttons ?? [])
      .filter((b) => b.action === 'reply' || b.action === 'location-picker')
      .map((b) => b.value);
    enqueueFrom(state, next.path, buttons);
  }
  expect(queue.length === 0 || seen.length >= limit).toBe(true);
  return seen;
}

const problemsOf = (seen: Seen[]) =>
  seen.flatMap(({ message, path, language }) => {
    if (!message.keyboard) return [];
    const problems = keyboardLimitViolations(toViberKeyboard(message.keyboard));
    try {
      toViberMessage(message, { sender: { name: 'Opština Budva' } });
    } catch (e) {
      problems.push(String(e));
    }
    return problems.map((p) => `${language} ${path}: ${p}`);
  });

describe.each(LANGUAGES)('every keyboard the seed content gives, in %s', (language) => {
  const content = loadSeedContent();
  const seen = walk(content, language);
  const withKeyboards = seen.filter((s) => s.message.keyboard);

  it('fits Viber’s keyboard limits', () => {
    expect(withKeyboards.length).toBeGreaterThan(50);
    expect(problemsOf(seen)).toEqual([]);
  });

  it('reaches the main menu and every submenu, every answer the menu offers, and each confirmation', () => {
    const menusShown = new Set(
      seen
        .filter((s) =>
          s.reply.events.some((e) => e.data && (e.data as { outcome?: string }).outcome === 'menu'),
        )
        .map((s) => s.state.menuAt),
    );
    expect([...menusShown]).toEqual(expect.arrayContaining(allMenus(content.menu).map((m) => m.id)));
    const topicsInMenu = (n: MenuNode): string[] =>
      n.topic ? [n.topic] : (n.children ?? []).flatMap(topicsInMenu);
    const answered = new Set(seen.filter((s) => !s.path.startsWith('words')).map((s) => s.state.lastTopic));
    expect([...answered]).toEqual(expect.arrayContaining(topicsInMenu(content.menu)));
    const confirmations = new Set(seen.map((s) => s.state.awaiting?.action).filter(Boolean));
    expect([...confirmations].sort()).toEqual(['forget', 'subjects', 'unsubscribe']);
    expect(seen.some((s) => s.state.report?.step === 'confirm')).toBe(true);
  });
});

describe('keyboards at the content schema’s extremes', () => {
  it('still fit: a full menu level, every notice subject, a topic with every other topic as a follow-up', () => {
    const seed = loadSeedContent();
    const long = (s: string) => ({ 'cnr-Latn': s.repeat(40), 'cnr-Cyrl': s.repeat(40), en: s.repeat(40) });
    const leaves = (prefix: string, n: number): MenuNode[] =>
      Array.from({ length: n }, (_, i) => ({
        id: `${prefix}-${i}`,
        label: long('Ž'),
        topic: seed.topics[i % seed.topics.length].id,
      }));
    const full: MenuNode = {
      ...seed.menu,
      children: [
        { id: 'full', label: long('A'), children: leaves('deep', MAX_MENU_ENTRIES) },
        ...leaves('top', MAX_MENU_ENTRIES - 1),
      ],
    };
    // More topics than fit one keyboard, so that the follow-ups alone would overflow it.
    const extra = seed.topics.find((t) => t.kind === 'answer')!;
    const topics = [
      ...seed.topics,
      ...Array.from({ length: 30 }, (_, i) => ({ ...extra, id: `extra-${i}` })),
    ];
    const content = contentSchema.parse({
      ...seed,
      menu: full,
      noticeCategories: Array.from({ length: 20 }, (_, i) => ({ id: `subject-${i}`, label: long('č') })),
      topics: topics.map((t) => ({
        ...t,
        title: long('T'),
        followUps: topics.filter((o) => o.id !== t.id).map((o) => o.id),
      })),
    });
    for (const language of LANGUAGES) {
      const seen = walk(content, language, 1500);
      expect(problemsOf(seen)).toEqual([]);
      expect(
        Math.max(
          ...seen.flatMap((s) =>
            s.message.keyboard ? [keyboardGridRows(toViberKeyboard(s.message.keyboard))] : [],
          ),
        ),
      ).toBeLessThanOrEqual(VIBER_KEYBOARD_VISIBLE_ROWS);
    }
  });

  it('refuses a menu level with more entries than fit', () => {
    const seed = loadSeedContent();
    const crowded = {
      ...seed,
      menu: {
        ...seed.menu,
        children: Array.from({ length: MAX_MENU_ENTRIES + 1 }, (_, i) => ({
          id: `m-${i}`,
          label: seed.menu.label,
          topic: seed.topics[0].id,
        })),
      },
    };
    expect(contentSchema.safeParse(crowded).success).toBe(false);
  });
});
