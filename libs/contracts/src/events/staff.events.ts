import { z } from 'zod';

/**
 * The record of who lost access when (stream `staff-access-<staffId>`, published by handoff). Services
 * do not wait for these to refuse a token: the revocation reaches them first through the NATS KV bucket
 * `<ns>-staff-revocations`. These are for the audit trail and for projections. Never a password or hash.
 */
const at = z.string().datetime({ offset: true });
const staffId = z.string().min(1);

/** One session ended: its token is refused everywhere from `at`. */
export const staffSessionRevokedV1 = z.object({
  staffId,
  sessionId: z.string().min(1),
  reason: z.enum(['logout']),
  at,
});

/** What an account may do changed; every token issued before `at` is refused. */
export const staffAccountChangedV1 = z.object({
  staffId,
  change: z.enum(['password-changed', 'deactivated', 'roles-changed']),
  /** Who made the change (the person themself for their own password). */
  by: z.string().min(1),
  at,
});

export type StaffSessionRevoked = z.infer<typeof staffSessionRevokedV1>;
export type StaffAccountChanged = z.infer<typeof staffAccountChangedV1>;
