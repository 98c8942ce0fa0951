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

const RATE = /^rate:([1-5])$/;

/** The handoff button a citizen's message is the tap of, or null for anything else. */
export function readHandoffTap(text: string | undefined): HandoffTap | null {
  const value = text?.trim() ?? '';
  if (value === handoffTap.end) return { kind: 'end' };
  const rate = RATE.exec(value);
  return rate ? { kind: 'rate', rating: Number(rate[1]) } : null;
}
