import { CitizenMessageReceived, Envelope, IncomingMessage, makeEnvelope } from '@citizen-desk/contracts';
import { loadSeedContent } from '../content';
import { ConversationDecision, decideReply, TextUnderstanding } from './conversation.decide';
import { ConversationState, evolveConversation, initialConversationState } from './conversation.state';

const content = loadSeedContent();
let seq = 0;

function when(message: IncomingMessage, understanding: TextUnderstanding | null = null) {
  const received: CitizenMessageReceived = {
    citizen: { id: 'viber:u1', name: 'Ana' },
    channelMessageId: String(++seq),
    message,
    sentAt: '2026-11-25T10:00:00Z',
  };
  return { eventId: `e${seq}`, received, understanding, now: '2026-11-25T10:00:01.000Z' };
}
const text = (
  t: string,
  understanding: TextUnderstanding | null = { topic: null, confidence: 0, language: null },
) => when({ kind: 'text', text: t }, understanding);

function given(...decisions: ConversationDecision[]): ConversationState {
  return decisions
    .flatMap((d) => d.events)
    .reduce(
      (s, e) =>
        evolveConversation(
          s,
          makeEnvelope({ type: e.type, version: 1, streamId: 's', data: e.data }) as Envelope,
        ),
      initialConversationState(),
    );
}
const sent = (d: ConversationDecision) => d.commands.map((c) => c.data.message);
const buttonValues = (d: ConversationDecision) => sent(d)[0].keyboard?.buttons.map((b) => b.value) ?? [];

describe('conversation', () => {
  it('answers an understood question in the language it was written in, and records the topic', () => {
    const d = decideReply(
      text('kako da platim porez', { topic: 'property-tax', confidence: 0.9, language: 'cnr-Latn' }),
      initialConversationState(),
      content,
    );
    const tax = content.topics.find((t) => t.id === 'property-tax')!;
    expect(sent(d)[0]).toMatchObject({ kind: 'text', text: tax.answer['cnr-Latn'] });
    expect(d.events).toEqual([
      expect.objectContaining({
        type: 'BotReplied',
        data: expect.objectContaining({
          topic: 'property-tax',
          outcome: 'answered',
          language: 'cnr-Latn',
          confidence: 0.9,
        }),
      }),
    ]);
  });

  it("passes a staff member's link code on to broadcast and says it was received", () => {
    const d = decideReply(text('  link-ab2cd3 '), initialConversationState(), content);
    expect(d.events.map((e) => e.type)).toEqual(['StaffViberLinkRequested', 'BotReplied']);
    expect(d.events[0]!.data).toEqual({
      citizenId: 'viber:u1',
      code: 'LINK-AB2CD3',
      at: '2026-11-25T10:00:01.000Z',
    });
    expect(sent(d)[0]).toMatchObject({ kind: 'text', text: expect.stringMatching(/Kod je primljen/) });
    // Something that merely mentions a code is an ordinary message.
    const other = decideReply(text('moj kod je LINK-AB2CD3'), initialConversationState(), content);
    expect(other.events.map((e) => e.type)).toEqual(['BotReplied']);
  });

  it('answers in Cyrillic to a citizen writing in Cyrillic', () => {
    const d = decideReply(
      text('порез на непокретност', { topic: 'property-tax', confidence: 0.8, language: 'cnr-Cyrl' }),
      initialConversationState(),
      content,
    );
    expect(sent(d)[0]).toMatchObject({
      text: content.topics.find((t) => t.id === 'property-tax')!.answer['cnr-Cyrl'],
    });
  });

  it('does not guess: a message it did not understand gets an honest answer, the menu and the operator button', () => {
    const d = decideReply(text('koliko je sati'), initialConversationState(), content);
    expect(sent(d)[0].kind === 'text' && sent(d)[0]).toMatchObject({
      text: content.texts.notUnderstood['cnr-Latn'],
    });
    expect(buttonValues(d)).toContain('op:request');
    expect(d.events[0].data).toMatchObject({
      outcome: 'not-understood',
      topic: null,
      text: 'koliko je sati',
    });
  });

  it('reads a tap by what the button means, never as free text', () => {
    const d = decideReply(
      when({ kind: 'text', text: 'topic:financial-aid' }),
      initialConversationState(),
      content,
    );
    expect(d.events[0].data).toMatchObject({ topic: 'financial-aid', outcome: 'answered' });
  });

  it('keeps the language of the conversation for taps and switches it from the menu', () => {
    const english = decideReply(
      text('property tax', { topic: 'property-tax', confidence: 0.9, language: 'en' }),
      initialConversationState(),
      content,
    );
    const tap = decideReply(when({ kind: 'text', text: 'topic:contacts' }), given(english), content);
    expect(tap.events[0].data).toMatchObject({ language: 'en' });
    const switched = decideReply(when({ kind: 'text', text: 'lang:cnr-Cyrl' }), given(english), content);
    expect(switched.events.map((e) => e.type)).toEqual(['ConversationLanguageChosen', 'BotReplied']);
    expect(sent(switched)[0]).toMatchObject({ text: content.texts.languageChanged['cnr-Cyrl'] });
    const after = decideReply(
      when({ kind: 'text', text: 'topic:contacts' }),
      given(english, switched),
      content,
    );
    expect(after.events[0].data).toMatchObject({ language: 'cnr-Cyrl' });
  });

  it('offers the way to an operator once under an answer', () => {
    const d = decideReply(
      when({ kind: 'text', text: 'topic:property-tax' }),
      initialConversationState(),
      content,
    );
    const labels = sent(d)[0].keyboard!.buttons.map((b) => b.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('lists every department with phones and e-mails in the directory', () => {
    const d = decideReply(
      when({ kind: 'text', text: 'topic:contacts' }),
      initialConversationState(),
      content,
    );
    const message = sent(d)[0];
    expect(message.kind === 'text' && message.text).toContain('+382 33 451 451');
    expect(message.kind === 'text' && message.text).toContain('lokalna.samouprava@budva.me');
  });

  it('hands over to the department of the topic the citizen was on, then stays silent', () => {
    const tax = decideReply(
      text('porez', { topic: 'property-tax', confidence: 0.9, language: 'cnr-Latn' }),
      initialConversationState(),
      content,
    );
    const ask = decideReply(when({ kind: 'text', text: 'op:request' }), given(tax), content);
    const taxDepartment = content.topics.find((t) => t.id === 'property-tax')!.department;
    expect(ask.events[0]).toMatchObject({
      type: 'HandoffRequested',
      data: { department: taxDepartment, topic: 'property-tax', citizenName: 'Ana' },
    });
    expect(sent(ask)[0]).toMatchObject({ text: content.texts.operatorConnecting['cnr-Latn'] });
    expect(decideReply(text('halo?'), given(tax, ask), content)).toEqual({
      events: [],
      commands: [],
      forget: false,
    });
  });

  it('answers again once the handoff has ended', () => {
    const ask = decideReply(when({ kind: 'text', text: 'op:request' }), initialConversationState(), content);
    const state = evolveConversation(
      given(ask),
      makeEnvelope({ type: 'ConversationResumed', version: 1, streamId: 's', data: {} }) as Envelope,
    );
    expect(decideReply(text('zdravo'), state, content).commands).toHaveLength(1);
  });

  it('forgets a citizen only after confirmation', () => {
    const ask = decideReply(
      when({ kind: 'text', text: 'topic:forget-me' }),
      initialConversationState(),
      content,
    );
    expect(buttonValues(ask)).toEqual(['forget:yes', 'forget:no']);
    const confirmed = decideReply(when({ kind: 'text', text: 'forget:yes' }), given(ask), content);
    expect(confirmed.forget).toBe(true);
    expect(confirmed.events[0]).toMatchObject({
      type: 'CitizenForgetRequested',
      data: { citizenId: 'viber:u1' },
    });
    // The answer is the farewell: the gateway finds the forgotten citizen's Viber id for it alone.
    expect(confirmed.commands.map((c) => c.data.farewell)).toEqual([true]);
    expect(ask.commands.every((c) => c.data.farewell === undefined)).toBe(true);
    const unprompted = decideReply(
      when({ kind: 'text', text: 'forget:yes' }),
      initialConversationState(),
      content,
    );
    expect(unprompted.forget).toBe(false);
  });

  it('lets a citizen switch kinds of notices on and off, each change confirmed, and records it for the notice board', () => {
    const open = decideReply(
      when({ kind: 'text', text: 'topic:notices' }),
      initialConversationState(),
      content,
    );
    expect(buttonValues(open)).toEqual(expect.arrayContaining(['notice:health', 'notice:taxes']));
    const askHealth = decideReply(when({ kind: 'text', text: 'notice:health' }), given(open), content);
    expect(askHealth.events.map((e) => e.type)).toEqual(['BotReplied']);
    expect(buttonValues(askHealth)).toEqual(['subjects:yes', 'subjects:no']);
    const health = decideReply(when({ kind: 'text', text: 'subjects:yes' }), given(open, askHealth), content);
    expect(health.events[0]).toMatchObject({
      type: 'NoticeCategoriesChosen',
      data: { citizenId: 'viber:u1', categories: ['health'] },
    });
    const before = [open, askHealth, health];
    const askTaxes = decideReply(when({ kind: 'text', text: 'notice:taxes' }), given(...before), content);
    const taxes = decideReply(
      when({ kind: 'text', text: 'subjects:yes' }),
      given(...before, askTaxes),
      content,
    );
    expect(taxes.events[0].data).toMatchObject({ categories: ['health', 'taxes'] });
    expect(
      sent(taxes)[0]
        .keyboard!.buttons.filter((b) => b.label.startsWith('✓'))
        .map((b) => b.value),
    ).toEqual(['notice:health', 'notice:taxes']);
    const all = [...before, askTaxes, taxes];
    const askOff = decideReply(when({ kind: 'text', text: 'notice:health' }), given(...all), content);
    const declined = decideReply(when({ kind: 'text', text: 'subjects:no' }), given(...all, askOff), content);
    expect(declined.events.map((e) => e.type)).toEqual(['BotReplied']);
    const off = decideReply(when({ kind: 'text', text: 'subjects:yes' }), given(...all, askOff), content);
    expect(off.events[0].data).toMatchObject({ categories: ['taxes'] });
    const unknown = decideReply(when({ kind: 'text', text: 'notice:lottery' }), given(open), content);
    expect(unknown.events.map((e) => e.type)).toEqual(['BotReplied']);
  });

  it('records an opt-out from notices only after the citizen confirms it', () => {
    const ask = decideReply(
      when({ kind: 'text', text: 'topic:unsubscribe' }),
      initialConversationState(),
      content,
    );
    expect(ask.events.map((e) => e.type)).toEqual(['BotReplied']);
    expect(buttonValues(ask)).toEqual(['unsubscribe:yes', 'unsubscribe:no']);
    const yes = decideReply(when({ kind: 'text', text: 'unsubscribe:yes' }), given(ask), content);
    expect(yes.events.map((e) => e.type)).toContain('CitizenOptedOut');
  });

  it('answers media outside a flow with the menu', () => {
    const d = decideReply(when({ kind: 'sticker', stickerId: 1 }), initialConversationState(), content);
    expect(d.events[0].data).toMatchObject({ outcome: 'menu' });
    expect(buttonValues(d).length).toBeGreaterThan(2);
  });

  it('derives the reply id from the message, so a retried decision sends the same message id', () => {
    const cmd = text('porez', { topic: 'property-tax', confidence: 0.9, language: 'cnr-Latn' });
    expect(decideReply(cmd, initialConversationState(), content).commands[0].data.messageId).toBe(
      decideReply(cmd, initialConversationState(), content).commands[0].data.messageId,
    );
  });
});

describe('the handoff service’s buttons', () => {
  it.each(['handoff:end', 'rate:1', 'rate:5'])(
    'leaves %s to the handoff service: no reply, no event',
    (value) => {
      const d = decideReply(when({ kind: 'text', text: value }), initialConversationState(), content);
      expect(d).toEqual({ events: [], commands: [], forget: false });
    },
  );
});

describe('did you mean', () => {
  const title = (id: string, language: 'cnr-Latn' | 'cnr-Cyrl' | 'en') =>
    content.topics.find((t) => t.id === id)!.title[language];
  const unsure = (candidates: string[], language = 'cnr-Latn') =>
    text('porez ili pomoc', { topic: null, confidence: 0.2, language, candidates });

  it('offers the close topics as buttons with their titles, then the menu and the operator', () => {
    const d = decideReply(unsure(['property-tax', 'financial-aid']), initialConversationState(), content);
    const message = sent(d)[0];
    expect(message).toMatchObject({ kind: 'text', text: content.texts.didYouMean['cnr-Latn'] });
    expect(message.keyboard?.buttons.slice(0, 2)).toEqual([
      expect.objectContaining({ label: title('property-tax', 'cnr-Latn'), value: 'topic:property-tax' }),
      expect.objectContaining({ label: title('financial-aid', 'cnr-Latn'), value: 'topic:financial-aid' }),
    ]);
    expect(buttonValues(d)).toEqual(expect.arrayContaining(['op:request', `menu:${content.menu.id}`]));
    // Still a message the bot did not understand: it reaches the editors' list with its text.
    expect(d.events.at(-1)!.data).toMatchObject({
      outcome: 'not-understood',
      topic: null,
      text: 'porez ili pomoc',
    });
  });

  it('writes the offer in the citizen’s script', () => {
    const d = decideReply(
      unsure(['property-tax', 'contacts'], 'cnr-Cyrl'),
      initialConversationState(),
      content,
    );
    expect(sent(d)[0]).toMatchObject({ text: content.texts.didYouMean['cnr-Cyrl'] });
    expect(sent(d)[0].keyboard?.buttons[0].label).toBe(title('property-tax', 'cnr-Cyrl'));
  });

  it('leaves small talk out of an offer that has a service in it', () => {
    const d = decideReply(unsure(['greeting', 'operator']), initialConversationState(), content);
    expect(buttonValues(d)).toContain('topic:operator');
    expect(buttonValues(d)).not.toContain('topic:greeting');
  });

  it('falls back to the honest answer when nothing came close or the topics are gone from the content', () => {
    for (const candidates of [[], ['no-such-topic']]) {
      const d = decideReply(unsure(candidates), initialConversationState(), content);
      expect(sent(d)[0]).toMatchObject({ text: content.texts.notUnderstood['cnr-Latn'] });
    }
  });

  it('tapping an offered topic answers it', () => {
    const d = decideReply(
      when({ kind: 'text', text: 'topic:financial-aid' }),
      initialConversationState(),
      content,
    );
    expect(d.events.at(-1)!.data).toMatchObject({ topic: 'financial-aid', outcome: 'answered' });
  });
});

describe('a message about two topics', () => {
  const both = (topic: string, alsoTopic: string) =>
    text('porez na stan. i kako do pomoci?', { topic, confidence: 0.6, language: 'en', alsoTopic });

  it('answers the first and offers the second as the first button', () => {
    const d = decideReply(both('property-tax', 'financial-aid'), initialConversationState(), content);
    const tax = content.topics.find((t) => t.id === 'property-tax')!;
    expect(sent(d)[0]).toMatchObject({ text: tax.answer.en });
    expect(sent(d)[0].keyboard?.buttons[0]).toMatchObject({
      label: content.topics.find((t) => t.id === 'financial-aid')!.title.en,
      value: 'topic:financial-aid',
    });
    expect(d.events.at(-1)!.data).toMatchObject({ topic: 'property-tax', outcome: 'answered' });
  });

  it('does not repeat a topic the answer already offers as a follow-up', () => {
    const d = decideReply(both('property-tax', 'contacts'), initialConversationState(), content);
    expect(buttonValues(d).filter((value) => value === 'topic:contacts')).toHaveLength(1);
  });

  it('offers no button for thanks that came with the question (nothing to ask about it)', () => {
    const d = decideReply(both('property-tax', 'thanks'), initialConversationState(), content);
    expect(buttonValues(d)).not.toContain('topic:thanks');
    expect(d.events.at(-1)!.data).toMatchObject({ topic: 'property-tax', outcome: 'answered' });
  });

  it('leaves a flow’s own buttons alone (the second topic can be asked after it)', () => {
    const d = decideReply(both('report-problem', 'property-tax'), initialConversationState(), content);
    expect(buttonValues(d)).not.toContain('topic:property-tax');
  });
});
