import { findReportReference, reportReferenceSchema } from '@citizen-desk/contracts';
import { formatReportReference, generateReportReference } from './report-reference';

describe('report references', () => {
  it('are the prefix and eight Crockford base32 characters in two halves', () => {
    for (let i = 0; i < 200; i++) {
      const reference = generateReportReference('BD');
      expect(reference).toMatch(/^BD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(reportReferenceSchema.safeParse(reference).success).toBe(true);
    }
  });

  it('take every bit from the random source', () => {
    expect(generateReportReference('BD', () => Buffer.alloc(5, 0))).toBe('BD-0000-0000');
    expect(generateReportReference('BD', () => Buffer.alloc(5, 0xff))).toBe('BD-ZZZZ-ZZZZ');
    expect(generateReportReference('BD', () => Buffer.from([0x08, 0x42, 0x10, 0x84, 0x21]))).toBe(
      'BD-1111-1111',
    );
  });

  it('are not sequential: a thousand draws are all different and share no common order', () => {
    const drawn = Array.from({ length: 1000 }, () => generateReportReference('BD'));
    expect(new Set(drawn).size).toBe(1000);
    const sorted = [...drawn].sort();
    expect(sorted).not.toEqual(drawn);
  });

  it('are found again in what citizens write, with the usual misreadings', () => {
    expect(findReportReference('šta je sa bd-7k3m-q9xd?')).toBe('BD-7K3M-Q9XD');
    expect(findReportReference('prijava BD-7K3MQ9XD')).toBe('BD-7K3M-Q9XD');
    // O is zero, I and L are one in Crockford's alphabet.
    expect(findReportReference('BD-OIL0-Q9XD')).toBe('BD-0110-Q9XD');
    // U is not in the alphabet: not a reference.
    expect(findReportReference('BD-UUUU-Q9XD')).toBeNull();
    expect(findReportReference('prijava 7K3M')).toBeNull();
  });

  it('keep the old sequential references readable', () => {
    const old = formatReportReference('BD', 2026, 123);
    expect(old).toBe('BD-2026-000123');
    expect(findReportReference(`šta je sa ${old.toLowerCase()}?`)).toBe(old);
    expect(reportReferenceSchema.safeParse(old).success).toBe(true);
    expect(findReportReference('prijava 2026-123')).toBeNull();
  });
});
