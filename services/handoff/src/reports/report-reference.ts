import { CROCKFORD_ALPHABET } from '@citizen-desk/contracts';
import { randomBytes } from 'node:crypto';

/**
 * References are `<PREFIX>-XXXX-XXXX`: 40 random bits from the CSPRNG as eight Crockford base32
 * characters (BD-7K3M-Q9XD). Short and read over the phone without ambiguity (no I, L, O or U; a
 * citizen's O, I or L is read as 0, 1, 1), and not enumerable: knowing one reference says nothing about
 * another, and guessing one of a few thousand reports among 2^40 codes is hopeless. Uniqueness is the
 * `reports` primary key; a collision (about one in a hundred million filings at 100,000 reports) is
 * retried with a fresh code (FileReport).
 *
 * References filed before were sequential per year (`BD-2026-000123`); they keep working everywhere.
 */
export function generateReportReference(prefix: string, random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let code = '';
  for (let i = 7; i >= 0; i--) code += CROCKFORD_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${prefix}-${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The sequential form of references filed before random ones (kept to read and test old references). */
export function formatReportReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}
