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
const tapped = (value: string) => when({ kind: 'text', text: value });
const location = (lat: number, lon: number, address?: string) =>
  when({ kind: 'location', location: { lat, lon, ...(address ? { address } : {}) } });
const picture = (url = 'https://media.example/p.jpg') => when({ kind: 'picture', mediaUrl: url });

/** Folds the events of each decision in turn, each decided on the state the previous ones left. */
function conversation(...steps: Array<ReturnType<typeof when>>): {
  state: ConversationState;
  last: ConversationDecision;
} {
  let state = initialConversationState();
  let last: ConversationDecision = { events: [], commands: [], forget: false };
  for (const step of steps) {
    last = decideReply(step, state, content);
    state = last.events.reduce(
      (s, e) =>
        evolveConversation(
          s,
          makeEnvelope({ type: e.type, version: 1, streamId: 's', data: e.data }) as Envelope,
        ),
      state,
    );
  }
  return { state, last };
}
const reply = (d: ConversationDecision) => d.commands[0]?.data.message;
const replyText = (d: ConversationDecision) => {
  const m = reply(d);
  return m && m.kind === 'text' ? m.text : '';
};
const buttons = (d: ConversationDecision) => reply(d)?.keyboard?.buttons ?? [];
const eventOf = (d: ConversationDecision, type: string) => d.events.find((e) => e.type === type);

describe('the report flow', () => {
  it('starts from a report topic, by tap or by words, asking for a description with the topic guidance', () => {
    const byTap = conversation(tapped('topic:gatherings-report'));
    expect(byTap.state.report).toEqual({ topic: 'gatherings-report', step: 'description' });
    expect(replyText(byTap.last)).toContain(
      content.topics.find((t) => t.id === 'gatherings-report')!.answer['cnr-Latn'],
    );
    expect(replyText(byTap.last)).toContain(content.texts.reportDescribe['cnr-Latn']);
    expect(buttons(byTap.last).map((b) => b.value)).toEqual(['report:mine', 'report:cancel']);
    const byWords = conversation(
      text('street light broken', { topic: 'report-problem', confidence: 0.8, language: 'en' }),
    );
    expect(byWords.state.report).toEqual({ topic: 'report-problem', step: 'description' });
    expect(byWords.last.events.at(-1)!.data).toMatchObject({
      outcome: 'flow',
      topic: 'report-problem',
      language: 'en',
    });
  });

  it('goes description → location picker → photo → summary → submitted', () => {
    const start = tapped('topic:report-problem');
    const described = conversation(start, text('Ne radi ulična rasvjeta'));
    expect(described.state.report).toMatchObject({ step: 'place', description: 'Ne radi ulična rasvjeta' });
    expect(buttons(described.last)[0]).toMatchObject({
      action: 'location-picker',
      label: content.texts.reportLocationButton['cnr-Latn'],
    });

    const placed = conversation(
      start,
      text('Ne radi ulična rasvjeta'),
      location(42.2864, 18.84, 'Mediteranska 4'),
    );
    expect(placed.state.report).toMatchObject({
      step: 'photo',
      location: { lat: 42.2864, lon: 18.84 },
      address: 'Mediteranska 4',
    });
    expect(buttons(placed.last).map((b) => b.value)).toEqual(['report:skip-photo', 'report:cancel']);

    const photographed = conversation(
      start,
      text('Ne radi ulična rasvjeta'),
      location(42.2864, 18.84),
      picture(),
    );
    expect(photographed.state.report).toMatchObject({
      step: 'confirm',
      photoUrl: 'https://media.example/p.jpg',
    });
    expect(replyText(photographed.last)).toContain(content.texts.reportSummary['cnr-Latn']);
    expect(replyText(photographed.last)).toContain('Ne radi ulična rasvjeta');
    expect(replyText(photographed.last)).toContain('42.28640, 18.84000');
    expect(replyText(photographed.last)).toContain(content.texts.reportPhotoAttached['cnr-Latn']);
    expect(buttons(photographed.last).map((b) => b.value)).toEqual(['report:confirm', 'report:cancel']);

    const confirm = tapped('report:confirm');
    const submitted = conversation(
      start,
      text('Ne radi ulična rasvjeta'),
      location(42.2864, 18.84),
      picture(),
      confirm,
    );
    expect(submitted.state.report).toBeNull();
    expect(eventOf(submitted.last, 'ReportSubmitted')!.data).toEqual({
      submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      citizenId: 'viber:u1',
      citizenName: 'Ana',
      topic: 'report-problem',
      description: 'Ne radi ulična rasvjeta',
      location: { lat: 42.2864, lon: 18.84 },
      photoUrl: 'https://media.example/p.jpg',
      language: 'cnr-Latn',
      submittedAt: '2026-11-25T10:00:01.000Z',
    });
    expect(replyText(submitted.last)).toBe(content.texts.reportReceived['cnr-Latn']);
  });

  it('takes an address in words and lets the citizen skip the photo', () => {
    const d = conversation(
      tapped('topic:report-problem'),
      text('Divlja deponija'),
      text('iza škole u Rozinu'),
      tapped('report:skip-photo'),
    );
    expect(d.state.report).toMatchObject({ step: 'confirm', address: 'iza škole u Rozinu' });
    expect(d.state.report!.photoUrl).toBeUndefined();
    expect(replyText(d.last)).toContain(`📷 ${content.texts.reportSkipPhoto['cnr-Latn']}`);
  });

  it('keeps a photo sent before the description and then does not ask for one again', () => {
    const d = conversation(
      tapped('topic:report-problem'),
      picture(),
      text('Rupa na putu'),
      text('Jadranski put'),
    );
    expect(d.state.report).toMatchObject({
      step: 'confirm',
      photoUrl: 'https://media.example/p.jpg',
      description: 'Rupa na putu',
    });
  });

  it('takes the caption of a photo as the description', () => {
    const d = conversation(
      tapped('topic:report-problem'),
      when({ kind: 'picture', mediaUrl: 'https://media.example/c.jpg', text: 'Rupa na putu' }),
    );
    expect(d.state.report).toMatchObject({
      step: 'place',
      description: 'Rupa na putu',
      photoUrl: 'https://media.example/c.jpg',
    });
  });

  it('refuses a description that is too long, and stays on the step', () => {
    const d = conversation(tapped('topic:report-problem'), text('x'.repeat(2001)));
    expect(d.state.report).toMatchObject({ step: 'description' });
    expect(d.state.report!.description).toBeUndefined();
    expect(replyText(d.last)).toContain(content.texts.reportTooLong['cnr-Latn']);
  });

  it('cancels on the cancel button, and nothing is submitted', () => {
    const d = conversation(tapped('topic:report-problem'), text('Rupa'), tapped('report:cancel'));
    expect(d.state.report).toBeNull();
    expect(d.last.events.map((e) => e.type)).toEqual(['ReportDraftDiscarded', 'BotReplied']);
    expect(replyText(d.last)).toBe(content.texts.reportCancelled['cnr-Latn']);
  });

  it('discards the draft when the citizen leaves for the menu, and answers the menu', () => {
    const d = conversation(tapped('topic:report-problem'), text('Rupa'), tapped('menu:main'));
    expect(d.state.report).toBeNull();
    expect(eventOf(d.last, 'ReportDraftDiscarded')!.data).toMatchObject({ reason: 'abandoned' });
    expect(eventOf(d.last, 'BotReplied')!.data).toMatchObject({ outcome: 'menu' });
  });

  it('does not submit on a stale confirm button outside the flow', () => {
    const d = conversation(tapped('report:confirm'));
    expect(eventOf(d.last, 'ReportSubmitted')).toBeUndefined();
  });

  it('asks the handoff service about a reference written in free text, and says nothing itself', () => {
    const d = conversation(text('što je sa prijavom bd-2026-000123?'));
    expect(d.last.commands).toEqual([]);
    expect(eventOf(d.last, 'ReportStatusRequested')!.data).toMatchObject({
      citizenId: 'viber:u1',
      reference: 'BD-2026-000123',
      language: 'cnr-Latn',
    });
    expect(eventOf(d.last, 'BotReplied')!.data).toMatchObject({ messageIds: [] });
  });

  it('asks about all of the citizen\'s reports on "my reports", even in the middle of a report', () => {
    const d = conversation(tapped('topic:report-problem'), tapped('report:mine'));
    expect(eventOf(d.last, 'ReportStatusRequested')!.data).toMatchObject({ reference: null });
    expect(d.state.report).toMatchObject({ step: 'description' });
  });

  it('derives the submission id from the confirming message, so a redelivery submits the same report', () => {
    const steps = [tapped('topic:report-problem'), text('Rupa'), text('Put'), tapped('report:skip-photo')];
    const { state } = conversation(...steps);
    const confirm = tapped('report:confirm');
    const a = decideReply(confirm, state, content);
    const b = decideReply(confirm, state, content);
    expect(eventOf(a, 'ReportSubmitted')!.data).toEqual(eventOf(b, 'ReportSubmitted')!.data);
  });
});
