/**
 * Keyboard buttons send their meaning back as text (`prefix:value`). The handoff service's buttons (end
 * the conversation with a person, rate it) reach the dialog too, as every citizen message does: the
 * handoff service builds and answers them, the dialog recognises their prefixes and leaves them alone.
 */
export const HANDOFF_TAP_PREFIXES = ['handoff', 'rate'] as const;
export type HandoffTapPrefix = (typeof HANDOFF_TAP_PREFIXES)[number];

export const isHandoffTapPrefix = (prefix: string): prefix is HandoffTapPrefix =>
  (HANDOFF_TAP_PREFIXES as readonly string[]).includes(prefix);

export type HandoffTap = { kind: 'end' } | { kind: 'rate'; rating: number };

/** What each handoff button sends back when tapped. */
export const handoffTap = {
  end: 'handoff:end',
  rate: (rating: number) => `rate:${rating}`,
};

/**
 * The dialog's "talk to a person" button. Its tap is the request itself: handoff never forwards it into
 * the session it opened, even when it handles the tap after the session exists (its consumers race).
 */
export const OPERATOR_REQUEST_TAP = 'op:request';

const RATE = /^rate:([1-5])$/;

/** The handoff button a citizen's message is the tap of, or null for anything else. */
export function readHandoffTap(text: string | undefined): HandoffTap | null {
  const value = text?.trim() ?? '';
  if (value === handoffTap.end) return { kind: 'end' };
  const rate = RATE.exec(value);
  return rate ? { kind: 'rate', rating: Number(rate[1]) } : null;
}
