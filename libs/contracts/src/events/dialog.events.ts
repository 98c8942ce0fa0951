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
});
export type BotReplied = z.infer<typeof botRepliedV1>;
