import { TIME_ZONE } from '../../i18n';

/**
 * The instant a calendar day (`YYYY-MM-DD`) begins in the municipality's time zone, as ISO 8601: the
 * date filters mean Podgorica's days whatever the browser's own zone.
 */
export function dayStart(day: string, timeZone = TIME_ZONE): string {
  const [y, m, d] = day.split('-').map(Number);
  const utc = Date.UTC(y, m - 1, d);
  // The zone's wall clock at that UTC instant; the difference is the zone's offset then.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utc));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return new Date(utc - (wall - utc)).toISOString();
}

/** The day after, for an inclusive "to" date: reports filed before the next day begins. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
