/**
 * References are `<PREFIX>-<year>-<6-digit sequence>`, sequential per year (BD-2026-000123). Chosen over
 * random codes because citizens read them over the phone and staff sort by them; a per-year counter
 * row in PostgreSQL, incremented in the filing transaction, keeps them unique across replicas and
 * without gaps (a rolled-back filing rolls its number back). Knowing a reference reveals nothing
 * personal: status questions are answered only to the citizen who filed the report, and Open311 shows
 * no personal data.
 */
export function formatReportReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The year in the municipality's time zone (a report filed at 00:30 on 1 January local time is next year's). */
export function localYear(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(at));
}
