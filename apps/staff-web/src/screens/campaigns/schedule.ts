import { TIME_ZONE } from '../../i18n';

const format = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * An instant as a date-and-time input shows it, on Budva's clocks whatever the browser's zone. The
 * other way (wall time to instant) is the service's (`sendAtLocal`), which knows the municipality's zone.
 */
export function wallTimeOf(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = Object.fromEntries(format.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
