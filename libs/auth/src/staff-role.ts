import { z } from 'zod';

/**
 * What a staff member may do. `admin` implies every other role (see authorization.ts); the others are
 * limited to the departments the member belongs to.
 */
export const STAFF_ROLES = ['operator', 'supervisor', 'editor', 'official', 'admin'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** Who a bearer token speaks for; carried in the token so that no service has to ask the handoff service. */
export const staffClaimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string().min(1),
  name: z.string(),
  roles: z.array(staffRoleSchema),
  departments: z.array(z.string().min(1)),
  /**
   * Set on a token of an account whose password someone else chose (a new account, an admin's reset):
   * every service refuses it except on the routes that let its holder choose their own (see
   * StaffAuthGuard and @AllowedBeforePasswordChange).
   */
  mustChangePassword: z.boolean().optional(),
});
export type StaffClaims = z.infer<typeof staffClaimsSchema>;
