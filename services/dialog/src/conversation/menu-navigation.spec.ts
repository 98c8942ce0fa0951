import { CitizenMessageReceived, Envelope, makeEnvelope, parseEnvelope } from '@citizen-desk/contracts';
import { loadSeedContent, MenuNode } from '../content';
import { ConversationDecision, decideReply, TextUnderstanding } from './conversation.decide';
import { ConversationState, evolveConversation, initialConversationState } from './conversation.state';
import { allMenus, backTarget, enclosingMenu, menuEntryForTopic, parentMenuNode } from './menu-tree';
import { renderMenu } from './reply-rendering';

const content = loadSeedContent();
let seq = 0;

/** A tap (`menu:services`) or, as [text, topic], a free-text question the understanding read as topic. */
type Step = string | [string, string];

function step(s: Step): {
  eventId: string;
  received: CitizenMessageReceived;
  understanding: TextUnderstanding | null;
  now: string;
} {
  const textOf = typeof s === 'string' ? s : s[0];
  const understanding = typeof s === 'string' ? null : { topic: s[1], confidence: 0.9, language: 'cnr-Latn' };
  return {
    eventId: `n${++seq}`,
    received: {
      citizen: { id: 'viber:nav', name: 'Nav' },
      channelMessageId: String(seq),
      message: { kind: 'text', text: textOf },
      sentAt: '2026-11-25T10:00:00Z',
    },
    understanding,
    now: '2026-11-25T10:00:01.000Z',
  };
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

/** Plays the steps one after another, each decided on the state the ones before left. */
function play(...steps: Step[]): {
  last: ConversationDecision;
  all: ConversationDecision[];
  state: ConversationState;
} {
  let state = initialConversationState();
  const all: ConversationDecision[] = [];
  for (const s of steps) {
    const d = decideReply(step(s), state, content);
    all.push(d);
    state = fold(state, d);
  }
  return { last: all[all.length - 1], all, state };
}

const values = (d: ConversationDecision) =>
  d.commands[0]?.data.message.keyboard?.buttons.map((b) => b.value) ?? [];
const node = (id: string) => allMenus(content.menu).find((n) => n.id === id)!;
const menuKeyboard = (id: string) => renderMenu(content, node(id), 'cnr-Latn').keyboard;
const eventTypes = (all: ConversationDecision[]) => all.flatMap((d) => d.events.map((e) => e.type));

describe('moving in the menu: Back one level up, Home to the main menu', () => {
  it.each<[string, Step[], string]>([
    ['a submenu', ['menu:services'], 'services'],
    ['Back from a submenu to the main menu', ['menu:services', 'nav:back'], 'main'],
    [
      'Back from an answer to the submenu it was reached through',
      ['menu:services', 'topic:property-tax', 'nav:back'],
      'services',
    ],
    ['Back from a menu entry tapped by id', ['menu:menu-contacts', 'nav:back'], 'information'],
    [
      'Back from a free-text answer to the submenu that offers it',
      [['porez', 'property-tax'], 'nav:back'],
      'services',
    ],
    [
      'Back after a follow-up within the submenu',
      ['menu:information', 'topic:contacts', 'topic:health-measures', 'nav:back'],
      'information',
    ],
    ['Home from an answer', ['menu:services', 'topic:property-tax', 'menu:main'], 'main'],
    ['Back with nowhere above', ['nav:back'], 'main'],
    [
      'Back from the notice subjects to Notices and my data',
      ['menu:my-data', 'topic:notices', 'nav:back'],
      'my-data',
    ],
    [
      'No to stopping notices returns to the menu it was asked from',
      ['menu:my-data', 'topic:unsubscribe', 'unsubscribe:no'],
      'my-data',
    ],
    [
      'No to forgetting returns to the menu',
      [['obrišite moje podatke', 'forget-me'], 'forget:no'],
      'my-data',
    ],
    ['Back after No goes on up', ['menu:my-data', 'topic:unsubscribe', 'unsubscribe:no', 'nav:back'], 'main'],
  ])('%s', (_name, steps, shown) => {
    const { last, state } = play(...steps);
    expect(last.commands[0].data.message.keyboard).toEqual(menuKeyboard(shown));
    expect(last.events.at(-1)!.data).toMatchObject({ outcome: 'menu', menu: shown });
    expect(state.menuAt).toBe(shown);
  });

  it.each<[string, Step[], boolean]>([
    ['an answer reached through a submenu', ['menu:services', 'topic:property-tax'], true],
    ['an answer to free text the menu offers', [['porez', 'property-tax']], true],
    ['the notice subjects', ['topic:notices'], true],
    ['the language choice', ['menu:menu-language'], true],
    ['an answer the menu does not offer (a greeting)', [['dobar dan', 'greeting']], false],
  ])('%s carries Home, and Back where there is a level above', (_name, steps, back) => {
    const shown = values(play(...steps).last);
    expect(shown).toContain('menu:main');
    expect(shown.includes('nav:back')).toBe(back);
  });

  it('offers every submenu Back and Home, and the main menu neither', () => {
    for (const menu of allMenus(content.menu)) {
      const shown = values(play(`menu:${menu.id}`).last);
      const isMain = menu.id === content.menu.id;
      expect({ menu: menu.id, back: shown.includes('nav:back'), home: shown.includes('menu:main') }).toEqual({
        menu: menu.id,
        back: !isMain,
        home: !isMain,
      });
    }
  });

  it('puts Back and Home on a row of their own below every submenu', () => {
    for (const menu of allMenus(content.menu).filter((m) => m.id !== content.menu.id)) {
      const buttons = renderMenu(content, menu, 'en').keyboard!.buttons;
      const entries = buttons.slice(0, menu.children!.length);
      const columns = entries.reduce((sum, b) => sum + (b.columns ?? 6), 0);
      expect({ menu: menu.id, fillsRows: columns % 6 === 0 }).toEqual({ menu: menu.id, fillsRows: true });
      expect(buttons.slice(entries.length).map((b) => [b.value, b.columns])).toEqual([
        ['nav:back', 3],
        ['menu:main', 3],
      ]);
    }
  });

  it('puts stop notices, notice subjects and forget me in the menu', () => {
    const topicsIn = (n: MenuNode): string[] => (n.topic ? [n.topic] : (n.children ?? []).flatMap(topicsIn));
    const kinds = topicsIn(content.menu).map((id) => content.topics.find((t) => t.id === id)!.kind);
    expect(kinds).toEqual(expect.arrayContaining(['unsubscribe', 'notices', 'forget-me']));
  });
});

describe('confirming before acting', () => {
  it.each<[string, Step[], string[], boolean]>([
    ['stop notices from the menu asks first', ['menu:my-data', 'topic:unsubscribe'], [], false],
    [
      '…and Yes stops them',
      ['menu:my-data', 'topic:unsubscribe', 'unsubscribe:yes'],
      ['CitizenOptedOut'],
      false,
    ],
    ['…and No does not', ['menu:my-data', 'topic:unsubscribe', 'unsubscribe:no'], [], false],
    ['stop notices in words asks first too', [['odjavi me', 'unsubscribe']], [], false],
    ['…and Yes stops them', [['odjavi me', 'unsubscribe'], 'unsubscribe:yes'], ['CitizenOptedOut'], false],
    ['a Yes nobody asked for does nothing', ['unsubscribe:yes'], [], false],
    ['a Yes to another question does nothing', ['topic:forget-me', 'unsubscribe:yes'], [], false],
    [
      'a question left for something else is dropped',
      ['topic:unsubscribe', ['porez', 'property-tax'], 'unsubscribe:yes'],
      [],
      false,
    ],
    ['forget me from the menu, Yes', ['menu:menu-forget-me', 'forget:yes'], ['CitizenForgetRequested'], true],
    ['forget me, No', ['menu:menu-forget-me', 'forget:no'], [], false],
    [
      'a notice subject, Yes',
      ['topic:notices', 'notice:health', 'subjects:yes'],
      ['NoticeCategoriesChosen'],
      false,
    ],
    ['a notice subject, No', ['topic:notices', 'notice:health', 'subjects:no'], [], false],
  ])('%s', (_name, steps, acted, forget) => {
    const { all, last } = play(...steps);
    expect(eventTypes(all).filter((t) => t !== 'BotReplied')).toEqual(acted);
    expect(last.forget).toBe(forget);
  });

  it.each<[Step, string]>([
    ['topic:unsubscribe', 'unsubscribe'],
    [['odjavi me', 'unsubscribe'], 'unsubscribe'],
    ['topic:forget-me', 'forget'],
    [['obriši moje podatke', 'forget-me'], 'forget'],
  ])('asks "are you sure?" with Yes and No buttons for %j', (s, action) => {
    expect(values(play(s).last)).toEqual([`${action}:yes`, `${action}:no`]);
  });

  it('says what a change of notice subjects would mean before saving it', () => {
    const { last } = play('topic:notices', 'notice:health');
    const message = last.commands[0].data.message;
    expect(message.kind === 'text' && message.text).toContain(content.texts.noticesConfirm['cnr-Latn']);
    expect(last.events[0].data).toMatchObject({ confirming: { action: 'subjects', categories: ['health'] } });
  });
});

describe('the menu tree', () => {
  const leaf = (id: string, topic: string): MenuNode => ({ id, label: content.menu.label, topic });
  const inner = (id: string, children: MenuNode[]): MenuNode => ({ id, label: content.menu.label, children });
  const tree = inner('root', [
    inner('a', [leaf('a-x', 'x'), inner('a-deep', [leaf('a-deep-y', 'y'), leaf('a-deep-x', 'x')])]),
    leaf('root-z', 'z'),
  ]);

  it.each<[string | null, string | undefined, string, string]>([
    // position, parent, back target, enclosing menu
    ['a-deep-y', 'a-deep', 'a-deep', 'a-deep'],
    ['a-deep', 'a', 'a', 'a-deep'],
    ['a', 'root', 'root', 'a'],
    ['root-z', 'root', 'root', 'root'],
    ['root', undefined, 'root', 'root'],
    [null, undefined, 'root', 'root'],
    ['gone', undefined, 'root', 'root'],
  ])('from %s: parent %s, Back to %s, in menu %s', (position, parent, back, enclosing) => {
    expect(position ? parentMenuNode(tree, position)?.id : undefined).toBe(parent);
    expect(backTarget(tree, position).id).toBe(back);
    expect(enclosingMenu(tree, position).id).toBe(enclosing);
  });

  it.each<[string, string | null, string | undefined]>([
    ['x', null, 'a-x'],
    ['x', 'a-deep', 'a-deep-x'],
    ['x', 'a-deep-y', 'a-deep-x'],
    ['y', 'root-z', 'a-deep-y'],
    ['nowhere', 'a', undefined],
  ])('answers topic %s from %s under %s', (topic, position, entry) => {
    expect(menuEntryForTopic(tree, topic, position)?.id).toBe(entry);
  });
});

describe('the place in the menu and the pending question, as recorded', () => {
  const replied = (data: Record<string, unknown>) =>
    parseEnvelope(
      makeEnvelope({
        type: 'BotReplied',
        version: 1,
        streamId: 'conversation-viber:nav',
        data: {
          citizenId: 'viber:nav',
          inReplyTo: 'e1',
          outcome: 'flow',
          language: 'en',
          messageIds: [],
          ...data,
        },
      }),
    );

  it('keeps menu and confirming through the contract (optional fields of BotReplied v1)', () => {
    const event = replied({
      topic: 'unsubscribe',
      menu: 'menu-unsubscribe',
      confirming: { action: 'unsubscribe' },
    });
    expect(event.data).toMatchObject({ menu: 'menu-unsubscribe', confirming: { action: 'unsubscribe' } });
    expect(evolveConversation(initialConversationState(), event)).toMatchObject({
      menuAt: 'menu-unsubscribe',
      awaiting: { action: 'unsubscribe' },
    });
  });

  it('still reads a reply recorded before them: a forget-me question awaits its Yes, the place is unknown', () => {
    const state = evolveConversation(initialConversationState(), replied({ topic: 'forget-me' }));
    expect(state).toMatchObject({ menuAt: null, awaiting: { action: 'forget' } });
    const yes = decideReply(step('forget:yes'), state, content);
    expect(yes.forget).toBe(true);
    expect(evolveConversation(state, replied({ topic: 'property-tax' }))).toMatchObject({ awaiting: null });
  });
});
