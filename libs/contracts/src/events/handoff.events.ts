import { z } from 'zod';
import { citizenIdSchema, incomingMessageSchema } from '../messages';

/**
 * The life of a handoff session (stream `handoff-session-<sessionId>`): queued, assigned, messages both
 * ways, notes, transfers, ended, rated. Every event names the session's department and, once assigned,
 * its operator, so projections (waiting time, time to first reply, handling time, ratings per department
 * and operator) need no other source.
 */

const at = z.string().datetime({ offset: true });
const sessionId = z.string().min(1);
const department = z.string().min(1);
const operatorId = z.string().min(1);

/** The citizen's request entered a department's queue (waiting time starts at `queuedAt`). */
export const handoffSessionQueuedV1 = z.object({
  sessionId,
  citizenId: citizenIdSchema,
  citizenName: z.string().max(200).optional(),
  department,
  topic: z.string().nullable(),
  language: z.string(),
  /** The citizen's own words when they asked by text. */
  text: z.string().max(10000).optional(),
  requestedAt: at,
  queuedAt: at,
  /** Queued while the department was closed: the citizen left a message for the next operator. */
  outsideOfficeHours: z.boolean(),
});
export type HandoffSessionQueued = z.infer<typeof handoffSessionQueuedV1>;

/** An operator took the session: by claiming it, by auto-assignment, or by a transfer to them. */
export const handoffSessionAssignedV1 = z.object({
  sessionId,
  citizenId: citizenIdSchema,
  department,
  operatorId,
  operatorName: z.string().max(200),
  assignedBy: z.enum(['claim', 'auto', 'transfer']),
  queuedAt: at,
  assignedAt: at,
});
export type HandoffSessionAssigned = z.infer<typeof handoffSessionAssignedV1>;

/** What the citizen wrote while the session was open (text, photo, location …), forwarded to the operator. */
export const handoffMessageFromCitizenV1 = z.object({
  sessionId,
  citizenId: citizenIdSchema,
  department,
  operatorId: operatorId.nullable(),
  /** Id of the CitizenMessageReceived event. */
  receivedEventId: z.string().min(1),
  message: incomingMessageSchema,
  receivedAt: at,
});
export type HandoffMessageFromCitizen = z.infer<typeof handoffMessageFromCitizenV1>;

/** An operator answered; the message leaves as SendMessageToCitizen `messageId` (purpose operator). */
export const handoffMessageFromOperatorV1 = z.object({
  sessionId,
  citizenId: citizenIdSchema,
  department,
  operatorId,
  operatorName: z.string().max(200),
  messageId: z.string().uuid(),
  text: z.string().min(1).max(7000),
  savedReplyId: z.string().optional(),
  sentAt: at,
});
export type HandoffMessageFromOperator = z.infer<typeof handoffMessageFromOperatorV1>;

/** A note for colleagues; the citizen never sees it. */
export const handoffNoteAddedV1 = z.object({
  sessionId,
  /**
   * The session's citizen: a note may repeat what they said, so it is sealed under their key (absent on
   * notes recorded before notes were sealed).
   */
  citizenId: citizenIdSchema.optional(),
  department,
  operatorId,
  operatorName: z.string().max(200),
  text: z.string().min(1).max(4000),
  at,
});
export type HandoffNoteAdded = z.infer<typeof handoffNoteAddedV1>;

/** Moved to another department (back to its queue) or straight to another operator. */
export const handoffSessionTransferredV1 = z.object({
  sessionId,
  citizenId: citizenIdSchema,
  fromDepartment: department,
  toDepartment: department,
  fromOperatorId: operatorId.nullable(),
  toOperatorId: operatorId.nullable(),
  by: operatorId,
  at,
});
export type HandoffSessionTransferred = z.infer<typeof handoffSessionTransferredV1>;

/** A session ended (closed by an operator or the citizen, or timed out): the bot answers again. */
export const handoffSessionEndedV1 = z.object({
  sessionId,
  citizenId: citizenIdSchema,
  department: z.string(),
  endedBy: z.enum(['operator', 'citizen', 'timeout', 'system']),
  resolution: z.string().max(2000).optional(),
  endedAt: at,
  /** The operator who had the session, if any (added later: absent in early events). */
  operatorId: operatorId.nullable().optional(),
});
export type HandoffSessionEnded = z.infer<typeof handoffSessionEndedV1>;

/** The citizen's 1–5 answer to "how did we do?" after the session ended. */
export const handoffSessionRatedV1 = z.object({
  sessionId,
  citizenId: citizenIdSchema,
  department,
  operatorId: operatorId.nullable(),
  rating: z.number().int().min(1).max(5),
  ratedAt: at,
});
export type HandoffSessionRated = z.infer<typeof handoffSessionRatedV1>;
