/**
 * A rough wait for the citizen: the sessions ahead, shared by the operators at hand, each taking
 * about the average handling time. With nobody available it is counted as one operator, so the
 * citizen is never told "0 minutes" by an empty room; at least one minute, rounded up to 5 above 10.
 */
export function estimateWaitMinutes(
  position: number,
  availableOperators: number,
  averageHandlingMinutes: number,
): number {
  const minutes = Math.ceil(
    (Math.max(position, 1) * averageHandlingMinutes) / Math.max(availableOperators, 1),
  );
  if (minutes <= 10) return Math.max(minutes, 1);
  return Math.ceil(minutes / 5) * 5;
}
