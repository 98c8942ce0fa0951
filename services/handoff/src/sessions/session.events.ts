import {
  HandoffMessageFromCitizen,
  HandoffMessageFromOperator,
  HandoffNoteAdded,
  HandoffSessionAssigned,
  HandoffSessionEnded,
  HandoffSessionQueued,
  HandoffSessionRated,
  HandoffSessionTransferred,
} from '@citizen-desk/contracts';

/** What a handoff session's stream holds; every one is a public contract (libs/contracts handoff.events.ts). */
export type SessionEvent =
  | { type: 'HandoffSessionQueued'; data: HandoffSessionQueued }
  | { type: 'HandoffSessionAssigned'; data: HandoffSessionAssigned }
  | { type: 'HandoffMessageFromCitizen'; data: HandoffMessageFromCitizen }
  | { type: 'HandoffMessageFromOperator'; data: HandoffMessageFromOperator }
  | { type: 'HandoffNoteAdded'; data: HandoffNoteAdded }
  | { type: 'HandoffSessionTransferred'; data: HandoffSessionTransferred }
  | { type: 'HandoffSessionEnded'; data: HandoffSessionEnded }
  | { type: 'HandoffSessionRated'; data: HandoffSessionRated };

export const sessionStreamId = (sessionId: string) => `handoff-session-${sessionId}`;
