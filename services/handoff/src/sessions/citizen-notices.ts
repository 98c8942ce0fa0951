import {
  deterministicId,
  handoffTap,
  Keyboard,
  OutgoingMessage,
  SendMessageToCitizen,
} from '@citizen-desk/contracts';
import { QueueEstimate } from './queue-estimate';
import { SessionEvent } from './session.events';
import { SessionState } from './session.state';
import { citizenTextsFor, CitizenTexts } from './texts/citizen-texts';

/** What the citizen is told about the queue; computed from the read model when the session is queued. */
export interface QueueInfo extends QueueEstimate {
  /** The department's hours in the citizen's language, for a message left outside them; null: not known. */
  hours: string | null;
}

/**
 * What a citizen who joins the queue is told. With unknown hours a measured wait still says something
 * true; with neither, the citizen hears their place and that we cannot say when an operator answers.
 */
function queuedText(t: CitizenTexts, queue: QueueInfo, outsideOfficeHours: boolean): string {
  if (queue.hours !== null && outsideOfficeHours) return t.queuedOutsideHours(queue.hours);
  if (queue.hours === null && queue.waitMinutes === null) return t.queuedHoursUnknown(queue.position);
  return t.queued(queue.position, queue.waitMinutes);
}

/** Why a session that timed out ended: the citizen hears a different sentence for each. */
export type TimeoutKind = 'waited-too-long' | 'idle';

const endKeyboard = (t: CitizenTexts): Keyboard => ({
  buttons: [{ label: t.endButton, action: 'reply', value: handoffTap.end, columns: 6, rows: 1 }],
  inputField: 'regular',
});

const ratingKeyboard = (): Keyboard => ({
  buttons: [1, 2, 3, 4, 5].map((n) => ({
    label: '★'.repeat(n),
    action: 'reply' as const,
    value: handoffTap.rate(n),
    columns: n <= 3 ? 2 : 3,
    rows: 1,
  })),
  inputField: 'regular',
});

/**
 * The messages one session event sends to the citizen, in the session's language. `after` is the
 * session once the event is applied. Ids derive from the event id, so a retried append repeats them.
 */
export function citizenNoticesFor(
  event: SessionEvent & { id: string },
  after: SessionState,
  ctx: { queue?: QueueInfo; timeout?: TimeoutKind } = {},
): SendMessageToCitizen[] {
  const t = citizenTextsFor(after.language);
  const messages: OutgoingMessage[] = [];
  switch (event.type) {
    case 'HandoffSessionQueued':
      if (ctx.queue)
        messages.push({
          kind: 'text',
          text: queuedText(t, ctx.queue, event.data.outsideOfficeHours),
          keyboard: endKeyboard(t),
        });
      break;
    case 'HandoffSessionAssigned':
      messages.push({ kind: 'text', text: t.assigned(event.data.operatorName), keyboard: endKeyboard(t) });
      break;
    case 'HandoffMessageFromOperator':
      messages.push({ kind: 'text', text: event.data.text, keyboard: endKeyboard(t) });
      break;
    case 'HandoffSessionTransferred':
      if (!event.data.toOperatorId)
        messages.push({ kind: 'text', text: t.transferred, keyboard: endKeyboard(t) });
      break;
    case 'HandoffSessionEnded': {
      const said =
        event.data.endedBy === 'citizen'
          ? t.endedByCitizen
          : event.data.endedBy === 'timeout'
            ? ctx.timeout === 'idle'
              ? t.idle
              : t.waitedTooLong
            : t.endedByOperator;
      // Only a session someone handled is worth rating.
      if (after.operatorId)
        messages.push({ kind: 'text', text: `${said}\n\n${t.askRating}`, keyboard: ratingKeyboard() });
      else messages.push({ kind: 'text', text: said });
      break;
    }
    case 'HandoffSessionRated':
      messages.push({ kind: 'text', text: t.ratingThanks });
      break;
    default:
      break;
  }
  return messages.map((message, i) => ({
    messageId: deterministicId(`handoff-notice:${event.id}:${i}`),
    citizenId: after.citizenId!,
    message,
    purpose: 'operator',
    origin: 'handoff',
  }));
}
