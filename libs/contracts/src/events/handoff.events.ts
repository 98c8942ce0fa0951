import { z } from 'zod';
import { citizenIdSchema } from '../messages';

/** A handoff session ended (closed by an operator or the citizen, or timed out): the bot answers again. */
export const handoffSessionEndedV1 = z.object({
  sessionId: z.string().min(1),
  citizenId: citizenIdSchema,
  department: z.string(),
  endedBy: z.enum(['operator', 'citizen', 'timeout', 'system']),
  resolution: z.string().max(2000).optional(),
  endedAt: z.string().datetime({ offset: true }),
});
export type HandoffSessionEnded = z.infer<typeof handoffSessionEndedV1>;
