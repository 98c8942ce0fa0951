import { damerauLevenshtein } from '../understanding/edit-distance';
import { analyze } from '../understanding/analyze';
import { Department, Language } from './content.types';

/**
 * The directory (the content's `departments`): finding the entries a citizen's message names, and
 * writing entries out within Viber's text limit. Names are compared as the matcher compares phrases
 * (normalised script, diacritics and inflection), so "broj vodovoda", "ВОДОВОД" and "vodovod" agree.
 */

export const VIBER_TEXT_LIMIT = 7000;

/** Words that ask for a contact; with a body's name they mean "give me its entry" whatever the topic. */
const CONTACT_WORDS = [
  'broj',
  'telefon',
  'tel',
  'mail',
  'email',
  'mejl',
  'adresa',
  'kontakt',
  'pozvati',
  'number',
  'phone',
  'address',
  'contact',
];
const CONTACT_TERMS = new Set(CONTACT_WORDS.flatMap(analyze));

/**
 * Two stems are the same word: equal, one a longer form of the other ("polic" of "policije", which the
 * ijekavian folding shortens, and "policij" of "policija"), or one typo apart ("vodovood"). Only for
 * stems of five letters or more, so short words must match exactly.
 */
function sameTerm(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 5) return false;
  return a.startsWith(b) || b.startsWith(a) || damerauLevenshtein(a, b, 1) <= 1;
}

/** The terms of the entry's longest name or alias whose every term is in the message; [] when none is. */
function matchedTerms(entry: Department, terms: string[]): string[] {
  const names = [entry.name['cnr-Latn'], entry.name.en, ...(entry.aliases ?? [])];
  let best: string[] = [];
  for (const name of names) {
    const nameTerms = analyze(name);
    if (nameTerms.length === 0) continue;
    if (nameTerms.every((n) => terms.some((t) => sameTerm(n, t))) && nameTerms.length > best.length)
      best = nameTerms;
  }
  return best;
}

/**
 * The entries the message names, in directory order. An entry named only by words that also name a
 * more specific entry is left out: "komunalna policija" is the communal police, not also the communal
 * company that "komunalno" names.
 */
export function directoryEntriesNamed(entries: readonly Department[], text: string): Department[] {
  const terms = analyze(text);
  if (terms.length === 0) return [];
  const matched = entries
    .map((entry) => ({ entry, terms: matchedTerms(entry, terms) }))
    .filter((m) => m.terms.length > 0);
  const isStrictSubset = (a: string[], b: string[]) =>
    a.length < b.length && a.every((x) => b.some((y) => sameTerm(x, y)));
  return matched
    .filter((m) => !matched.some((other) => other !== m && isStrictSubset(m.terms, other.terms)))
    .map((m) => m.entry);
}

/** Whether the message asks for a phone, e-mail, address or contact. */
export function asksForContact(text: string): boolean {
  return analyze(text).some((t) => CONTACT_TERMS.has(t));
}

/** One entry as the citizen reads it. */
export function renderDirectoryEntry(entry: Department, language: Language): string {
  const lines = [`• ${entry.name[language]}`];
  if (entry.address) lines.push(`  ${entry.address[language]}`);
  if (entry.phones.length) lines.push(`  ☎ ${entry.phones.join(', ')}`);
  if (entry.emails.length) lines.push(`  ✉ ${entry.emails.join(', ')}`);
  if (entry.website) lines.push(`  ${entry.website}`);
  if (entry.officeHours) lines.push(`  ${entry.officeHours[language]}`);
  if (entry.note) lines.push(`  ${entry.note[language]}`);
  return lines.join('\n');
}

/**
 * Blocks joined by blank lines into as few texts as fit `limit` each. A block longer than the limit on
 * its own is cut (with "…"), which the content tests keep from happening.
 */
export function packTexts(blocks: readonly string[], limit = VIBER_TEXT_LIMIT): string[] {
  const pages: string[] = [];
  let page = '';
  for (const raw of blocks) {
    const block = raw.length <= limit ? raw : `${raw.slice(0, limit - 1)}…`;
    if (page === '') page = block;
    else if (page.length + 2 + block.length <= limit) page = `${page}\n\n${block}`;
    else {
      pages.push(page);
      page = block;
    }
  }
  if (page !== '') pages.push(page);
  return pages;
}
