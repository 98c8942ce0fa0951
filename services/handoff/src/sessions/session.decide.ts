import {
  DomainError,
  DomainErrorKind,
  HandoffRequested,
  HandoffSessionEnded,
  IncomingMessage,
} from '@citizen-desk/contracts';
import { SessionEvent } from './session.events';
import { SessionState } from './session.state';

export interface Actor {
  id: string;
  name: string;
}

export type SessionCommand =
  | {
      type: 'QueueSession';
      sessionId: string;
      request: HandoffRequested;
      outsideOfficeHours: boolean;
      now: string;
    }
  | { type: 'ForwardCitizenMessage'; eventId: string; message: IncomingMessage; now: string }
  | { type: 'AssignSession'; operator: Actor; by: 'claim' | 'auto'; now: string }
  | {
      type: 'SendOperatorMessage';
      operator: Actor;
      messageId: string;
      text: string;
      savedReplyId?: string;
      /** A supervisor may write in a colleague's session. */
      mayActForOthers: boolean;
      now: string;
    }
  | { type: 'AddNote'; operator: Actor; text: string; now: string }
  | { type: 'TransferSession'; by: Actor; toDepartment: string; toOperator: Actor | null; now: string }
  | { type: 'EndSession'; endedBy: HandoffSessionEnded['endedBy']; resolution?: string; now: string }
  | { type: 'RateSession'; rating: number; now: string };

/** Why a session refused a command; API clients may branch on it (the body of a refusal carries it). */
export type RejectionReason =
  | 'not-found'
  | 'other-department'
  | 'already-exists'
  | 'closed'
  | 'taken'
  | 'not-assigned'
  | 'not-closed'
  | 'already-rated'
  | 'same-place'
  | 'unknown-saved-reply'
  | 'not-an-operator'
  | 'not-in-department'
  | 'not-holder';

const KIND_OF: Record<RejectionReason, DomainErrorKind> = {
  'not-found': 'not-found',
  'other-department': 'forbidden',
  'already-exists': 'conflict',
  closed: 'conflict',
  taken: 'conflict',
  'not-assigned': 'conflict',
  'not-closed': 'conflict',
  'already-rated': 'conflict',
  // Asking for what cannot be: a request to fix, not a race to lose.
  'same-place': 'invalid',
  'unknown-saved-reply': 'invalid',
  'not-an-operator': 'invalid',
  'not-in-department': 'invalid',
  // An operator may give away only what they hold.
  'not-holder': 'forbidden',
};

/** Every refusal of a session command; the kind follows from the reason, so the two never disagree. */
export class SessionRejected extends DomainError {
  readonly kind: DomainErrorKind;

  constructor(
    override readonly reason: RejectionReason,
    message: string,
  ) {
    super(reason, message);
    this.kind = KIND_OF[reason];
  }
}

function open(
  state: SessionState,
): asserts state is SessionState & { sessionId: string; citizenId: string; department: string } {
  if (state.status === 'none') throw new SessionRejected('not-found', 'no such session');
  if (state.status === 'closed') throw new SessionRejected('closed', 'the session has ended');
}

/** The session's decision for one command: the events to append, or a SessionRejected. */
export function decideSession(command: SessionCommand, state: SessionState): SessionEvent[] {
  switch (command.type) {
    case 'QueueSession': {
      if (state.status !== 'none') throw new SessionRejected('already-exists', 'the session exists already');
      const r = command.request;
      return [
        {
          type: 'HandoffSessionQueued',
          data: {
            sessionId: command.sessionId,
            citizenId: r.citizenId,
            ...(r.citizenName ? { citizenName: r.citizenName } : {}),
            department: r.department,
            topic: r.topic,
            language: r.language,
            ...(r.text ? { text: r.text } : {}),
            requestedAt: r.requestedAt,
            queuedAt: command.now,
            outsideOfficeHours: command.outsideOfficeHours,
          },
        },
      ];
    }
    case 'ForwardCitizenMessage': {
      open(state);
      if (state.forwarded.includes(command.eventId)) return [];
      return [
        {
          type: 'HandoffMessageFromCitizen',
          data: {
            sessionId: state.sessionId,
            citizenId: state.citizenId,
            department: state.department,
            operatorId: state.operatorId,
            receivedEventId: command.eventId,
            message: command.message,
            receivedAt: command.now,
          },
        },
      ];
    }
    case 'AssignSession': {
      open(state);
      if (state.status === 'active') {
        if (state.operatorId === command.operator.id) return [];
        throw new SessionRejected('taken', `the session was taken by ${state.operatorName}`);
      }
      return [assigned(state, command.operator, command.by, command.now)];
    }
    case 'SendOperatorMessage': {
      open(state);
      if (state.status !== 'active')
        throw new SessionRejected('not-assigned', 'claim the session before answering');
      if (state.operatorId !== command.operator.id && !command.mayActForOthers)
        throw new SessionRejected('taken', `the session is ${state.operatorName}'s`);
      return [
        {
          type: 'HandoffMessageFromOperator',
          data: {
            sessionId: state.sessionId,
            citizenId: state.citizenId,
            department: state.department,
            operatorId: command.operator.id,
            operatorName: command.operator.name,
            messageId: command.messageId,
            text: command.text,
            ...(command.savedReplyId ? { savedReplyId: command.savedReplyId } : {}),
            sentAt: command.now,
          },
        },
      ];
    }
    case 'AddNote': {
      if (state.status === 'none') throw new SessionRejected('not-found', 'no such session');
      return [
        {
          type: 'HandoffNoteAdded',
          data: {
            sessionId: state.sessionId!,
            ...(state.citizenId ? { citizenId: state.citizenId } : {}),
            department: state.department!,
            operatorId: command.operator.id,
            operatorName: command.operator.name,
            text: command.text,
            at: command.now,
          },
        },
      ];
    }
    case 'TransferSession': {
      open(state);
      const to = command.toOperator;
      if (command.toDepartment === state.department && (!to || to.id === state.operatorId))
        throw new SessionRejected('same-place', 'the session is there already');
      const transferred: SessionEvent = {
        type: 'HandoffSessionTransferred',
        data: {
          sessionId: state.sessionId,
          citizenId: state.citizenId,
          fromDepartment: state.department,
          toDepartment: command.toDepartment,
          fromOperatorId: state.operatorId,
          toOperatorId: to?.id ?? null,
          by: command.by.id,
          at: command.now,
        },
      };
      if (!to) return [transferred];
      return [
        transferred,
        assigned(
          { ...state, department: command.toDepartment, queuedAt: command.now },
          to,
          'transfer',
          command.now,
        ),
      ];
    }
    case 'EndSession': {
      open(state);
      return [
        {
          type: 'HandoffSessionEnded',
          data: {
            sessionId: state.sessionId,
            citizenId: state.citizenId,
            department: state.department,
            endedBy: command.endedBy,
            ...(command.resolution ? { resolution: command.resolution } : {}),
            endedAt: command.now,
            operatorId: state.operatorId,
          },
        },
      ];
    }
    case 'RateSession': {
      if (state.status === 'none') throw new SessionRejected('not-found', 'no such session');
      if (state.status !== 'closed')
        throw new SessionRejected('not-closed', 'a session is rated after it ends');
      if (state.rating !== null) throw new SessionRejected('already-rated', 'the session was rated already');
      return [
        {
          type: 'HandoffSessionRated',
          data: {
            sessionId: state.sessionId!,
            citizenId: state.citizenId!,
            department: state.department!,
            operatorId: state.operatorId,
            rating: command.rating,
            ratedAt: command.now,
          },
        },
      ];
    }
  }
}

function assigned(
  state: SessionState & { sessionId: string; citizenId: string; department: string },
  operator: Actor,
  by: 'claim' | 'auto' | 'transfer',
  now: string,
): SessionEvent {
  return {
    type: 'HandoffSessionAssigned',
    data: {
      sessionId: state.sessionId,
      citizenId: state.citizenId,
      department: state.department,
      operatorId: operator.id,
      operatorName: operator.name,
      assignedBy: by,
      queuedAt: state.queuedAt ?? now,
      assignedAt: now,
    },
  };
}
