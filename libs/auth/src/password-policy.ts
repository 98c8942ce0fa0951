/** Rules for a new staff password; each problem is a sentence the person can act on. Empty when acceptable. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export function passwordProblems(
  password: string,
  context: { email?: string; name?: string } = {},
): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push(`must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  // A ceiling keeps a login request from costing the server a long hash of megabytes.
  if (length > MAX_PASSWORD_LENGTH) problems.push(`must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((c) => c.test(password)).length;
  if (length > 0 && classes < 2)
    problems.push(
      'must mix at least two of: lower-case letters, upper-case letters, digits, other characters',
    );
  if (length > 0 && new Set(password).size <= 2) problems.push('must not repeat one or two characters');
  const lowered = password.toLowerCase();
  const localPart = context.email?.split('@')[0]?.toLowerCase();
  if (localPart && localPart.length >= 3 && lowered.includes(localPart))
    problems.push('must not contain the email address');
  return problems;
}
