import { findReportReference } from '@citizen-desk/contracts';
import { formatReportReference, localYear } from './report-reference';

describe('report references', () => {
  it('are prefix, year and a zero-padded sequence, and are found again in what citizens write', () => {
    const reference = formatReportReference('BD', 2026, 123);
    expect(reference).toBe('BD-2026-000123');
    expect(findReportReference(`šta je sa ${reference.toLowerCase()}?`)).toBe(reference);
    expect(findReportReference('prijava 2026-123')).toBeNull();
  });

  it('take the local year: just after midnight on New Year in Budva is already the new year', () => {
    expect(localYear(new Date('2026-12-31T23:30:00Z'), 'Europe/Podgorica')).toBe(2027);
    expect(localYear(new Date('2026-12-31T22:30:00Z'), 'Europe/Podgorica')).toBe(2026);
  });
});
