import { passwordProblems } from '@citizen-desk/auth';
import { StaffAccountRejected } from './staff-account.decide';

/** Refuses a password that breaks the policy, saying every way it does. */
export function assertAcceptablePassword(password: string, context: { email?: string; name?: string }): void {
  const problems = passwordProblems(password, context);
  if (problems.length > 0)
    throw new StaffAccountRejected('weak-password', `the password ${problems.join('; ')}`);
}
