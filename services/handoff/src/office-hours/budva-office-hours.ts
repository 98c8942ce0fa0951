import { ConfigError } from '@citizen-desk/config';
import { readFileSync } from 'node:fs';
import { OfficeHoursConfig, officeHoursConfigSchema } from './office-hours';

const workday = [{ from: '07:00', to: '15:00' }];

/**
 * Budva's town hall: Monday to Friday 07:00–15:00, closed on Montenegro's public holidays (the fixed
 * ones every year; Orthodox and Catholic Easter move, so they are listed per year).
 */
export const BUDVA_OFFICE_HOURS: OfficeHoursConfig = {
  default: {
    timeZone: 'Europe/Podgorica',
    weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: [], sun: [] },
    holidays: [
      '01-01',
      '01-02', // New Year
      '01-06',
      '01-07',
      '01-08', // Orthodox Christmas Eve and Christmas
      '05-01',
      '05-02', // Labour Day
      '05-21',
      '05-22', // Independence Day
      '07-13',
      '07-14', // Statehood Day
      '2026-04-10',
      '2026-04-13', // Orthodox Good Friday and Easter Monday 2026
      '2027-04-30',
      '2027-05-03', // Orthodox Good Friday and Easter Monday 2027
    ],
  },
  departments: {},
};

/**
 * The office hours in force: `HANDOFF_OFFICE_HOURS` (JSON) or the file named by
 * `HANDOFF_OFFICE_HOURS_FILE`, else Budva's defaults. A bad value stops start-up with what is wrong.
 */
export function loadOfficeHours(opts: { json?: string; file?: string }): OfficeHoursConfig {
  const raw = opts.json ?? (opts.file ? readFileSync(opts.file, 'utf8') : undefined);
  if (raw === undefined) return BUDVA_OFFICE_HOURS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new ConfigError([`HANDOFF_OFFICE_HOURS: not JSON (${(e as Error).message})`]);
  }
  const result = officeHoursConfigSchema.safeParse(parsed);
  if (!result.success)
    throw new ConfigError(
      result.error.issues.map((i) => `HANDOFF_OFFICE_HOURS ${i.path.join('.')}: ${i.message}`),
    );
  return result.data;
}
