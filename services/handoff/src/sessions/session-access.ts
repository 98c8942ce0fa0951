import { canActInDepartment, StaffClaims } from '@citizen-desk/auth';
import { Actor, SessionRejected } from './session.decide';
import { SessionRow } from './sessions.repository';

/** The session if the staff member may see and act on it: only their departments' sessions. */
export function visibleSession(id: string, session: SessionRow | undefined, staff: StaffClaims): SessionRow {
  if (!session) throw new SessionRejected('not-found', `no session ${id}`);
  if (!canActInDepartment(staff, session.department))
    throw new SessionRejected(
      'other-department',
      `session ${id} belongs to ${session.department}, not to your departments`,
    );
  return session;
}

/** Supervisors may act in a colleague's session (write in it, close it). */
export const MANAGE_ROLES = ['supervisor'] as const;

export function actorOf(staff: StaffClaims): Actor {
  return { id: staff.sub, name: staff.name };
}
