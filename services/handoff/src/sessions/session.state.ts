import { Envelope, IncomingMessage } from '@citizen-desk/contracts';
import { SessionEvent } from './session.events';

export type SessionStatus = 'none' | 'waiting' | 'active' | 'closed';

/** One handoff session as its stream tells it. */
export interface SessionState {
  status: SessionStatus;
  sessionId: string | null;
  citizenId: string | null;
  citizenName: string | null;
  department: string | null;
  topic: string | null;
  requestedText: string | null;
  language: string;
  queuedAt: string | null;
  outsideOfficeHours: boolean;
  operatorId: string | null;
  operatorName: string | null;
  assignedAt: string | null;
  firstReplyAt: string | null;
  /** Last message either way: the idle clock. */
  lastActivityAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
  resolution: string | null;
  /** The last message either way, for the queue list. */
  preview: string | null;
  rating: number | null;
  /** Ids of citizen messages already forwarded, so a redelivery does not forward twice. */
  forwarded: string[];
}

export const initialSessionState = (): SessionState => ({
  status: 'none',
  sessionId: null,
  citizenId: null,
  citizenName: null,
  department: null,
  topic: null,
  requestedText: null,
  language: 'cnr-Latn',
  queuedAt: null,
  outsideOfficeHours: false,
  operatorId: null,
  operatorName: null,
  assignedAt: null,
  firstReplyAt: null,
  lastActivityAt: null,
  endedAt: null,
  endedBy: null,
  resolution: null,
  preview: null,
  rating: null,
  forwarded: [],
});

const FORWARDED_KEPT = 50;

export function evolveSession(state: SessionState, envelope: Pick<Envelope, 'type' | 'data'>): SessionState {
  const event = envelope as SessionEvent;
  switch (event.type) {
    case 'HandoffSessionQueued': {
      const d = event.data;
      return {
        ...state,
        status: 'waiting',
        sessionId: d.sessionId,
        citizenId: d.citizenId,
        citizenName: d.citizenName ?? null,
        department: d.department,
        topic: d.topic,
        requestedText: d.text ?? null,
        preview: d.text ?? null,
        language: d.language,
        queuedAt: d.queuedAt,
        outsideOfficeHours: d.outsideOfficeHours,
        lastActivityAt: d.queuedAt,
      };
    }
    case 'HandoffSessionAssigned':
      return {
        ...state,
        status: 'active',
        operatorId: event.data.operatorId,
        operatorName: event.data.operatorName,
        assignedAt: event.data.assignedAt,
        lastActivityAt: event.data.assignedAt,
      };
    case 'HandoffMessageFromCitizen':
      return {
        ...state,
        lastActivityAt: event.data.receivedAt,
        preview: previewOf(event.data.message),
        forwarded: [...state.forwarded, event.data.receivedEventId].slice(-FORWARDED_KEPT),
      };
    case 'HandoffMessageFromOperator':
      return {
        ...state,
        firstReplyAt: state.firstReplyAt ?? event.data.sentAt,
        lastActivityAt: event.data.sentAt,
        preview: event.data.text,
      };
    case 'HandoffSessionTransferred': {
      const d = event.data;
      // To a department: back into its queue. To an operator: an Assigned event follows.
      return {
        ...state,
        department: d.toDepartment,
        status: 'waiting',
        operatorId: null,
        operatorName: null,
        queuedAt: d.at,
        lastActivityAt: d.at,
      };
    }
    case 'HandoffSessionEnded':
      return {
        ...state,
        status: 'closed',
        endedAt: event.data.endedAt,
        endedBy: event.data.endedBy,
        resolution: event.data.resolution ?? null,
      };
    case 'HandoffSessionRated':
      return { ...state, rating: event.data.rating };
    case 'HandoffNoteAdded':
    default:
      return state;
  }
}

/** A line for lists: the text, or what kind of thing was sent. */
export function previewOf(message: IncomingMessage): string {
  if (message.text) return message.text.slice(0, 200);
  if (message.location) return `📍 ${message.location.lat.toFixed(5)}, ${message.location.lon.toFixed(5)}`;
  return `[${message.kind}]`;
}
