import {
  Button,
  deterministicId,
  findReportReference,
  IncomingMessage,
  MAX_REPORT_DESCRIPTION,
  OutgoingMessage,
} from '@citizen-desk/contracts';
import { Content, Language, Topic } from '../content';
import { CitizenInput, ReportTapAction, tap } from './citizen-input';
import type { ConversationEvent, HandleCitizenMessage } from './conversation.decide';
import { ReportDraft } from './conversation.state';
import { mainMenu, uiText } from './reply-rendering';

/**
 * The report flow, as pure functions: description → place (Viber's location picker, or an address in
 * words) → an optional photo → may it be published without the citizen's name (Yes/No) → if so, may the
 * exact place be shown (Yes/No) → a summary to confirm. Reports are private unless the citizen says yes. Each step is recorded as the whole draft
 * (ReportDraftUpdated), so the conversation can be rebuilt from its stream; the confirmed report
 * leaves as ReportSubmitted, which the handoff service files and answers with the reference.
 */
export interface ReportFlowReply {
  /** null: the bot itself says nothing (the handoff service answers a status question). */
  message: OutgoingMessage | null;
  topic: string | null;
  outcome: 'flow' | 'menu';
  events: ConversationEvent[];
}

export interface ReportFlowContext {
  command: HandleCitizenMessage;
  content: Content;
  language: Language;
  citizenId: string;
}

const MAX_ADDRESS = 1000;

const reply = (label: string, value: string, columns = 3): Button => ({
  label,
  action: 'reply',
  value,
  columns,
});
const reportButton = (
  ctx: ReportFlowContext,
  key: Parameters<typeof uiText>[1],
  action: ReportTapAction,
  columns = 3,
) => reply(uiText(ctx.content, key, ctx.language), tap.report(action), columns);

function prompt(ctx: ReportFlowContext, text: string, buttons: Button[]): OutgoingMessage {
  return { kind: 'text', text, keyboard: { buttons, inputField: 'regular' } };
}

function draftEvent(ctx: ReportFlowContext, draft: ReportDraft): ConversationEvent {
  return { type: 'ReportDraftUpdated', data: { citizenId: ctx.citizenId, ...draft } };
}

const yesNo = (ctx: ReportFlowContext, yes: ReportTapAction, no: ReportTapAction): Button[] => [
  reportButton(ctx, 'yes', yes),
  reportButton(ctx, 'no', no),
];

/** Asks for the step the draft is at; `lead` is said first (why we ask again). */
function askFor(ctx: ReportFlowContext, draft: ReportDraft, lead?: string): OutgoingMessage {
  const cancel = reportButton(ctx, 'reportCancel', 'cancel');
  const withLead = (text: string) => (lead ? `${lead}\n\n${text}` : text);
  switch (draft.step) {
    case 'description':
      return prompt(ctx, withLead(uiText(ctx.content, 'reportDescribe', ctx.language)), [
        reportButton(ctx, 'myReports', 'mine'),
        cancel,
      ]);
    case 'place':
      return prompt(ctx, withLead(uiText(ctx.content, 'reportPlacePrompt', ctx.language)), [
        {
          label: uiText(ctx.content, 'reportLocationButton', ctx.language),
          action: 'location-picker',
          value: tap.report('location'),
          columns: 3,
        },
        cancel,
      ]);
    case 'photo':
      return prompt(ctx, withLead(uiText(ctx.content, 'reportPhotoPrompt', ctx.language)), [
        reportButton(ctx, 'reportSkipPhoto', 'skip-photo'),
        cancel,
      ]);
    case 'publish':
      return prompt(ctx, withLead(uiText(ctx.content, 'reportPublishAsk', ctx.language)), [
        ...yesNo(ctx, 'publish-yes', 'publish-no'),
        cancel,
      ]);
    case 'exact-location':
      return prompt(ctx, withLead(uiText(ctx.content, 'reportExactLocationAsk', ctx.language)), [
        ...yesNo(ctx, 'exact-yes', 'exact-no'),
        cancel,
      ]);
    case 'confirm':
      return prompt(ctx, withLead(renderReportSummary(ctx.content, draft, ctx.language)), [
        reportButton(ctx, 'reportConfirm', 'confirm'),
        cancel,
      ]);
  }
}

/** What the citizen is about to send, in their language. */
export function renderReportSummary(content: Content, draft: ReportDraft, language: Language): string {
  const place = [
    draft.address,
    draft.location ? `${draft.location.lat.toFixed(5)}, ${draft.location.lon.toFixed(5)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const photo = draft.photoUrl
    ? uiText(content, 'reportPhotoAttached', language)
    : uiText(content, 'reportSkipPhoto', language);
  const publication = !draft.consent?.publish
    ? 'reportPublicNo'
    : draft.consent.exactLocation
      ? 'reportPublicExact'
      : 'reportPublicRounded';
  return [
    uiText(content, 'reportSummary', language),
    '',
    `📝 ${draft.description ?? ''}`,
    `📍 ${place}`,
    `📷 ${photo}`,
    `🌐 ${uiText(content, publication, language)}`,
  ].join('\n');
}

/** A report topic was chosen (menu or understood words): the flow starts with the topic's own guidance. */
export function startReportFlow(topic: Topic, ctx: ReportFlowContext): ReportFlowReply {
  const draft: ReportDraft = { topic: topic.id, step: 'description' };
  return {
    message: askFor(ctx, draft, topic.answer[ctx.language]),
    topic: topic.id,
    outcome: 'flow',
    events: [draftEvent(ctx, draft)],
  };
}

/**
 * The text without the report references in it, for understanding: a reference is random letters and
 * digits (BD-XC7R-2Y9Q) that say nothing of the language or the topic, and would sway both.
 */
export function withoutReportReferences(text: string): string {
  if (!findReportReference(text)) return text;
  const masked = text
    .replace(/\b[A-Za-z]{2,5}-(?:\d{4}-\d{6}|[0-9A-Za-z]{4}-?[0-9A-Za-z]{4})\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return masked || text;
}

/** The citizen asked about their reports (a reference, or all of theirs); the handoff service answers. */
export function askReportStatus(
  ctx: ReportFlowContext,
  reference: string | null,
  topic: string | null,
): ReportFlowReply {
  return {
    message: null,
    topic,
    outcome: 'flow',
    events: [
      {
        type: 'ReportStatusRequested',
        data: {
          requestId: deterministicId(`report-status:${ctx.command.eventId}`),
          citizenId: ctx.citizenId,
          reference,
          language: ctx.language,
          at: ctx.command.now,
        },
      },
    ],
  };
}

const placeOf = (message: IncomingMessage): Pick<ReportDraft, 'location' | 'address'> | null =>
  message.kind === 'location' && message.location
    ? {
        location: { lat: message.location.lat, lon: message.location.lon },
        ...(message.location.address ? { address: message.location.address.slice(0, MAX_ADDRESS) } : {}),
      }
    : null;

const photoOf = (message: IncomingMessage): string | null =>
  message.kind === 'picture' && message.mediaUrl && /^https?:\/\//.test(message.mediaUrl)
    ? message.mediaUrl
    : null;

/** The step after the place: the photo, unless one came already. */
const afterPlace = (draft: ReportDraft): ReportDraft['step'] => (draft.photoUrl ? 'publish' : 'photo');

/** The consent questions, once the report itself is complete. */
function answerConsent(draft: ReportDraft, action: ReportTapAction): ReportDraft | null {
  if (draft.step === 'publish' && (action === 'publish-yes' || action === 'publish-no'))
    return action === 'publish-yes'
      ? { ...draft, consent: { publish: true, exactLocation: false }, step: 'exact-location' }
      : { ...draft, consent: { publish: false, exactLocation: false }, step: 'confirm' };
  if (draft.step === 'exact-location' && (action === 'exact-yes' || action === 'exact-no'))
    return {
      ...draft,
      consent: { publish: true, exactLocation: action === 'exact-yes' },
      step: 'confirm',
    };
  return null;
}

/**
 * A message while a report is being composed. Returns null when the message leaves the flow (a menu,
 * another topic, the operator): the caller discards the draft and answers the message as usual.
 */
export function continueReportFlow(
  input: CitizenInput,
  draft: ReportDraft,
  ctx: ReportFlowContext,
): ReportFlowReply | null {
  const message = ctx.command.received.message;
  const step = (next: ReportDraft, lead?: string): ReportFlowReply => ({
    message: askFor(ctx, next, lead),
    topic: draft.topic,
    outcome: 'flow',
    events: next === draft ? [] : [draftEvent(ctx, next)],
  });
  const tooLong = uiText(ctx.content, 'reportTooLong', ctx.language);

  if (input.kind === 'tap-report') {
    switch (input.action) {
      case 'cancel':
        return {
          message: mainMenu(ctx.content, ctx.language, uiText(ctx.content, 'reportCancelled', ctx.language)),
          topic: draft.topic,
          outcome: 'menu',
          events: [
            {
              type: 'ReportDraftDiscarded',
              data: { citizenId: ctx.citizenId, reason: 'cancelled', at: ctx.command.now },
            },
          ],
        };
      case 'mine':
        return askReportStatus(ctx, null, draft.topic);
      case 'skip-photo':
        return draft.step === 'photo' ? step({ ...draft, step: 'publish' }) : step(draft);
      case 'confirm':
        return draft.step === 'confirm' ? submit(draft, ctx) : step(draft);
      case 'location':
        return step(draft);
      case 'publish-yes':
      case 'publish-no':
      case 'exact-yes':
      case 'exact-no': {
        const next = answerConsent(draft, input.action);
        return next ? step(next) : step(draft);
      }
    }
  }
  if (input.kind !== 'text' && input.kind !== 'media') return null;

  const photo = photoOf(message);
  const place = placeOf(message);
  switch (draft.step) {
    case 'description': {
      if (input.kind === 'text') {
        if (input.text.length > MAX_REPORT_DESCRIPTION) return step(draft, tooLong);
        return step({ ...draft, description: input.text, step: 'place' });
      }
      // A photo with a caption: the caption is the description (Viber pictures may carry text).
      const caption = message.text?.trim();
      if (photo && caption && caption.length <= MAX_REPORT_DESCRIPTION)
        return step({ ...draft, photoUrl: photo, description: caption, step: 'place' });
      // A photo or a place before the words: kept, and the description asked for again.
      if (photo || place)
        return step(
          { ...draft, ...(photo ? { photoUrl: photo } : {}), ...(place ?? {}) },
          uiText(ctx.content, 'reportNeedDescription', ctx.language),
        );
      return step(draft, uiText(ctx.content, 'reportNeedDescription', ctx.language));
    }
    case 'place': {
      if (place) return step({ ...draft, ...place, step: afterPlace(draft) });
      if (input.kind === 'text') {
        if (input.text.length > MAX_ADDRESS) return step(draft, tooLong);
        return step({ ...draft, address: input.text, step: afterPlace(draft) });
      }
      if (photo) return step({ ...draft, photoUrl: photo });
      return step(draft);
    }
    case 'photo':
      return photo ? step({ ...draft, photoUrl: photo, step: 'publish' }) : step(draft);
    case 'publish':
    case 'exact-location':
    case 'confirm':
      return photo ? step({ ...draft, photoUrl: photo }) : step(draft);
  }
}

function submit(draft: ReportDraft, ctx: ReportFlowContext): ReportFlowReply {
  const { command } = ctx;
  const citizenName = command.received.citizen.name;
  return {
    message: mainMenu(ctx.content, ctx.language, uiText(ctx.content, 'reportReceived', ctx.language)),
    topic: draft.topic,
    outcome: 'flow',
    events: [
      {
        type: 'ReportSubmitted',
        data: {
          // From the confirming message: the same confirmation delivered twice files one report.
          submissionId: deterministicId(`report:${command.eventId}`),
          citizenId: ctx.citizenId,
          ...(citizenName ? { citizenName: citizenName.slice(0, 200) } : {}),
          topic: draft.topic,
          description: draft.description ?? '',
          ...(draft.location ? { location: draft.location } : {}),
          ...(draft.address ? { address: draft.address } : {}),
          ...(draft.photoUrl ? { photoUrl: draft.photoUrl } : {}),
          // Absent (a draft from before the question): private, as when the citizen says no.
          ...(draft.consent ? { consent: draft.consent } : {}),
          language: ctx.language,
          submittedAt: command.now,
        },
      },
    ],
  };
}
