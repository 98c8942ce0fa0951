import { CitizenMessageReceived, Envelope, IncomingMessage, makeEnvelope } from '@citizen-desk/contracts';
import { loadSeedContent } from '../content';
import { ConversationDecision, decideReply, TextUnderstanding } from './conversation.decide';
import { ConversationState, evolveConversation, initialConversationState } from './conversation.state';
import { withoutReportReferences } from './report-flow';
import { buildUnderstandingModel, understand } from '../understanding';

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

  it('goes description → location picker → photo → publication questions → summary → submitted', () => {
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
      step: 'publish',
      photoUrl: 'https://media.example/p.jpg',
    });
    expect(replyText(photographed.last)).toBe(content.texts.reportPublishAsk['cnr-Latn']);
    expect(buttons(photographed.last).map((b) => [b.value, b.label])).toEqual([
      ['report:publish-yes', 'Da'],
      ['report:publish-no', 'Ne'],
      ['report:cancel', content.texts.reportCancel['cnr-Latn']],
    ]);

    const toSummary = [
      start,
      text('Ne radi ulična rasvjeta'),
      location(42.2864, 18.84),
      picture(),
      tapped('report:publish-no'),
    ];
    const summary = conversation(...toSummary);
    expect(summary.state.report).toMatchObject({
      step: 'confirm',
      consent: { publish: false, exactLocation: false },
    });
    expect(replyText(summary.last)).toContain(content.texts.reportSummary['cnr-Latn']);
    expect(replyText(summary.last)).toContain('Ne radi ulična rasvjeta');
    expect(replyText(summary.last)).toContain('42.28640, 18.84000');
    expect(replyText(summary.last)).toContain(content.texts.reportPhotoAttached['cnr-Latn']);
    expect(replyText(summary.last)).toContain(`🌐 ${content.texts.reportPublicNo['cnr-Latn']}`);
    expect(buttons(summary.last).map((b) => b.value)).toEqual(['report:confirm', 'report:cancel']);

    const confirm = tapped('report:confirm');
    const submitted = conversation(...toSummary, confirm);
    expect(submitted.state.report).toBeNull();
    expect(eventOf(submitted.last, 'ReportSubmitted')!.data).toEqual({
      submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      citizenId: 'viber:u1',
      citizenName: 'Ana',
      topic: 'report-problem',
      description: 'Ne radi ulična rasvjeta',
      location: { lat: 42.2864, lon: 18.84 },
      photoUrl: 'https://media.example/p.jpg',
      consent: { publish: false, exactLocation: false },
      language: 'cnr-Latn',
      submittedAt: '2026-11-25T10:00:01.000Z',
    });
    expect(replyText(submitted.last)).toBe(content.texts.reportReceived['cnr-Latn']);
  });

  it('asks whether the exact place may be shown only when the citizen agrees to publication', () => {
    const base = [
      tapped('topic:report-problem'),
      text('Rupa na putu'),
      location(42.2864, 18.84),
      tapped('report:skip-photo'),
    ];
    const agreed = conversation(...base, tapped('report:publish-yes'));
    expect(agreed.state.report).toMatchObject({
      step: 'exact-location',
      consent: { publish: true, exactLocation: false },
    });
    expect(replyText(agreed.last)).toBe(content.texts.reportExactLocationAsk['cnr-Latn']);
    expect(buttons(agreed.last).map((b) => b.value)).toEqual([
      'report:exact-yes',
      'report:exact-no',
      'report:cancel',
    ]);

    const exact = conversation(...base, tapped('report:publish-yes'), tapped('report:exact-yes'));
    expect(exact.state.report).toMatchObject({
      step: 'confirm',
      consent: { publish: true, exactLocation: true },
    });
    expect(replyText(exact.last)).toContain(`🌐 ${content.texts.reportPublicExact['cnr-Latn']}`);
    const rounded = conversation(...base, tapped('report:publish-yes'), tapped('report:exact-no'));
    expect(rounded.state.report).toMatchObject({ consent: { publish: true, exactLocation: false } });
    expect(replyText(rounded.last)).toContain(`🌐 ${content.texts.reportPublicRounded['cnr-Latn']}`);
    const sent = conversation(
      ...base,
      tapped('report:publish-yes'),
      tapped('report:exact-no'),
      tapped('report:confirm'),
    );
    expect(eventOf(sent.last, 'ReportSubmitted')!.data).toMatchObject({
      consent: { publish: true, exactLocation: false },
    });
  });

  it('does not take an answer out of turn, nor a confirmation before the questions are answered', () => {
    const base = [tapped('topic:report-problem'), text('Rupa'), text('Put'), tapped('report:skip-photo')];
    const early = conversation(...base, tapped('report:exact-yes'));
    expect(early.state.report).toMatchObject({ step: 'publish' });
    expect(early.state.report!.consent).toBeUndefined();
    const confirmed = conversation(...base, tapped('report:confirm'));
    expect(eventOf(confirmed.last, 'ReportSubmitted')).toBeUndefined();
    expect(replyText(confirmed.last)).toBe(content.texts.reportPublishAsk['cnr-Latn']);
    // Words instead of a button: the question is asked again.
    const typed = conversation(...base, text('možda'));
    expect(typed.state.report).toMatchObject({ step: 'publish' });
  });

  it('asks the publication questions in the citizen’s language and script', () => {
    const cyrl = { topic: null, confidence: 0, language: 'cnr-Cyrl' as const };
    const d = conversation(
      tapped('topic:report-problem'),
      text('Рупа на путу', cyrl),
      text('Јадрански пут', cyrl),
      tapped('report:skip-photo'),
    );
    expect(replyText(d.last)).toBe(content.texts.reportPublishAsk['cnr-Cyrl']);
    expect(replyText(d.last)).toMatch(/[А-Яа-яЂђЈјЉљЊњЋћЏџ]/);
    expect(
      buttons(d.last)
        .slice(0, 2)
        .map((b) => b.label),
    ).toEqual(['Да', 'Не']);
    const en = conversation(
      text('street light broken', { topic: 'report-problem', confidence: 0.8, language: 'en' }),
      text('The lamp at the post office is out', { topic: null, confidence: 0, language: 'en' }),
      text('Post office', { topic: null, confidence: 0, language: 'en' }),
      tapped('report:skip-photo'),
    );
    expect(replyText(en.last)).toBe(content.texts.reportPublishAsk.en);
    expect(
      buttons(en.last)
        .slice(0, 2)
        .map((b) => b.label),
    ).toEqual(['Yes', 'No']);
  });

  it('takes an address in words and lets the citizen skip the photo', () => {
    const d = conversation(
      tapped('topic:report-problem'),
      text('Divlja deponija'),
      text('iza škole u Rozinu'),
      tapped('report:skip-photo'),
      tapped('report:publish-no'),
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
      step: 'publish',
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
    const steps = [
      tapped('topic:report-problem'),
      text('Rupa'),
      text('Put'),
      tapped('report:skip-photo'),
      tapped('report:publish-no'),
    ];
    const { state } = conversation(...steps);
    const confirm = tapped('report:confirm');
    const a = decideReply(confirm, state, content);
    const b = decideReply(confirm, state, content);
    expect(eventOf(a, 'ReportSubmitted')!.data).toEqual(eventOf(b, 'ReportSubmitted')!.data);
  });
});

describe('report references in what citizens write', () => {
  it('are left out of understanding, so random letters sway neither language nor topic', () => {
    expect(withoutReportReferences('status BD-XC7R-2Y9Q')).toBe('status');
    expect(withoutReportReferences('Šta je sa prijavom bd-2026-000123?')).toBe('Šta je sa prijavom ?');
    expect(withoutReportReferences('BD-XC7R-2Y9Q')).toBe('BD-XC7R-2Y9Q');
    expect(withoutReportReferences('kada je porez')).toBe('kada je porez');
    const model = buildUnderstandingModel(content);
    // Unmasked, the code reads as English ("status bd xc7r 2y9q"); masked, as what the citizen wrote.
    expect(understand('status BD-XC7R-2Y9Q', model).language).toBe('en');
    expect(understand(withoutReportReferences('status BD-XC7R-2Y9Q'), model).language).toBe('cnr-Latn');
    expect(understand(withoutReportReferences('prijava BD-XC7R-2Y9Q'), model).language).toBe('cnr-Latn');
  });
});
