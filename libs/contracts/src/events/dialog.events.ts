import { z } from 'zod';
import { citizenIdSchema } from '../messages';

/** The dialog answered a citizen; what it understood is what analytics counts. */
export const botRepliedV1 = z.object({
  citizenId: citizenIdSchema,
  inReplyTo: z.string().min(1),
  /** Topic id answered, or null when the bot showed the menu or did not understand. */
  topic: z.string().nullable(),
  outcome: z.enum(['menu', 'answered', 'not-understood', 'handoff', 'flow']),
  language: z.string(),
  confidence: z.number().min(0).max(1).optional(),
  /** The citizen's text, kept for the "not understood" list; absent for taps and media. */
  text: z.string().max(10000).optional(),
  messageIds: z.array(z.string().uuid()),
  /**
   * Where the citizen is in the menu after this reply: the menu node shown, or the menu entry whose
   * answer this is (so Back leads to its parent). Absent outside the menu. Added to v1 as optional.
   */
  menu: z.string().min(1).max(200).optional(),
  /** A yes/no question this reply asked: only a Yes to it acts. Added to v1 as optional. */
  confirming: z
    .object({
      action: z.enum(['forget', 'unsubscribe', 'subjects']),
      /** For `subjects`: the notice subjects a Yes would save. */
      categories: z.array(z.string().min(1).max(100)).max(50).optional(),
    })
    .optional(),
});
export type BotReplied = z.infer<typeof botRepliedV1>;

/** The citizen asked for a person (button or words); the handoff service opens a session. */
export const handoffRequestedV1 = z.object({
  citizenId: citizenIdSchema,
  citizenName: z.string().max(200).optional(),
  /** Department of the topic the citizen was on; the general line when none. */
  department: z.string().min(1),
  topic: z.string().nullable(),
  language: z.string(),
  /** The citizen's own words when the request came as text. */
  text: z.string().max(10000).optional(),
  requestedAt: z.string().datetime({ offset: true }),
});
export type HandoffRequested = z.infer<typeof handoffRequestedV1>;

/** The conversation went back to the bot (after a handoff ended). */
export const conversationResumedV1 = z.object({
  citizenId: citizenIdSchema,
  sessionId: z.string().min(1),
  at: z.string().datetime({ offset: true }),
});
export type ConversationResumed = z.infer<typeof conversationResumedV1>;

export const conversationLanguageChosenV1 = z.object({
  citizenId: citizenIdSchema,
  language: z.string(),
  at: z.string().datetime({ offset: true }),
});
export type ConversationLanguageChosen = z.infer<typeof conversationLanguageChosenV1>;

/** The citizen asked, from the menu, to receive no more notices. */
export const citizenOptedOutV1 = z.object({
  citizenId: citizenIdSchema,
  at: z.string().datetime({ offset: true }),
});
export type CitizenOptedOut = z.infer<typeof citizenOptedOutV1>;

/** The citizen asked to be forgotten: every service erases what it keeps about them. */
export const citizenForgetRequestedV1 = z.object({
  citizenId: citizenIdSchema,
  at: z.string().datetime({ offset: true }),
});
export type CitizenForgetRequested = z.infer<typeof citizenForgetRequestedV1>;

/**
 * A staff member links their own Viber account (for campaign test sends): broadcast hands them a one-time
 * code, they send it to the bot, and the dialog passes it on with the sender's id. Broadcast checks it.
 */
export const STAFF_LINK_CODE_PATTERN = /^\s*(LINK-[A-HJ-NP-Z2-9]{6})\s*$/i;
/** The code in a citizen's message, upper-cased, when the whole message is one. */
export function findStaffLinkCode(text: string): string | null {
  const match = STAFF_LINK_CODE_PATTERN.exec(text);
  return match ? match[1]!.toUpperCase() : null;
}
export const staffViberLinkRequestedV1 = z.object({
  citizenId: citizenIdSchema,
  code: z.string().regex(/^LINK-[A-HJ-NP-Z2-9]{6}$/),
  at: z.string().datetime({ offset: true }),
});
export type StaffViberLinkRequested = z.infer<typeof staffViberLinkRequestedV1>;

/**
 * An editor took a question off the not-understood inbox: filed it as an example of a topic in the
 * draft (`topic` set), or dismissed it (nothing to learn from it). `question` is the inbox's text (the
 * normalised question); what was asked before `at` leaves the inbox, the same question asked later
 * comes back. Analytics projects it; the dialog keeps it in its `not-understood-inbox` stream.
 */
export const notUnderstoodDismissedV1 = z.object({
  question: z.string().trim().min(1).max(500),
  topic: z.string().min(1).max(64).nullable(),
  by: z.object({ id: z.string().min(1), email: z.string() }),
  at: z.string().datetime({ offset: true }),
});
export type NotUnderstoodDismissed = z.infer<typeof notUnderstoodDismissedV1>;
