import { ConfigError } from '@citizen-desk/config';
import { readFileSync } from 'node:fs';
import { OfficeHoursConfig, officeHoursConfigSchema } from './office-hours';

/**
 * The office hours in force: `HANDOFF_OFFICE_HOURS` (JSON) or the file named by
 * `HANDOFF_OFFICE_HOURS_FILE`. There is deliberately no default: Budva's hours for citizens are not
 * published on any page we found (budva-facts.md §2), so with neither set the hours are unknown
 * (`null`) and the citizen is never told the office is closed. A bad value stops start-up with what is
 * wrong.
 *
 * Example: `{"default":{"timeZone":"Europe/Podgorica","weekly":{"mon":[{"from":"07:00","to":"15:00"}],…},
 * "holidays":["2026-12-31"]}}` — Montenegro's public holidays are added by computation
 * (`publicHolidays`, on unless set to false); `holidays` lists the municipality's own closures.
 */
export function loadOfficeHours(opts: { json?: string; file?: string }): OfficeHoursConfig | null {
  const raw = opts.json ?? (opts.file ? readFileSync(opts.file, 'utf8') : undefined);
  if (raw === undefined || raw.trim() === '') return null;
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
