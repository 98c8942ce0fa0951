/**
 * The start of the hour an instant falls in. Montenegro's offsets (+01:00/+02:00) are whole hours,
 * so an hour bucket is the same instant in UTC and in local time; days and weeks are not.
 */
export function hourBucket(instant: string | Date): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a time: ${String(instant)}`);
  d.setUTCMinutes(0, 0, 0);
  return d.toISOString();
}
