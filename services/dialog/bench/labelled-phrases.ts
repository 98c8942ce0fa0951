import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const labelledPhraseSchema = z.object({
  text: z.string().min(1),
  topic: z.string().nullable(),
  /** A second topic the message really asks about (heldout-3 labels it). */
  also: z.string().nullable().optional(),
  /** latn, cyrl or en (heldout-3 labels it). */
  script: z.string().optional(),
});
export type LabelledPhrase = z.infer<typeof labelledPhraseSchema>;

/**
 * A labelled set, in one or more parts (one file each, `phrases/<set>.<part>.json`, or `<set>.json` for
 * a set in one part).
 * - `heldout` was written before the first tuning but has since been looked at in aggregate;
 * - `heldout-2` was written before the second round of tuning and is only run for figures;
 * - `heldout-3` was written by another engineer for the n-gram model: its `dev` part may be read for
 *   failures while tuning, its `locked` part never (only its aggregate figures are ever printed);
 * - `heldout-4` was written outside the project after the robustness round, split the same way;
 * - `heldout-5` was written by a third writer during the last round and joined the checkout after it:
 *   one locked part, run once;
 * - `heldout-6` was written by two more writers at the start of session 5, before any tuning, and split
 *   like heldout-3 (dev readable, locked run once at the end of the session);
 * - `tuning` is what the thresholds were set on.
 */
export interface LabelledSetPart {
  set: string;
  part: string | null;
  /** Failures may be read (tuning and dev parts); a locked part only ever gives figures. */
  readable: boolean;
}

export const LABELLED_SETS: readonly LabelledSetPart[] = [
  { set: 'heldout-3', part: 'dev', readable: true },
  { set: 'heldout-3', part: 'locked', readable: false },
  { set: 'heldout-4', part: 'dev', readable: true },
  { set: 'heldout-4', part: 'locked', readable: false },
  { set: 'heldout-5', part: 'locked', readable: false },
  { set: 'heldout-6', part: 'dev', readable: true },
  { set: 'heldout-6', part: 'locked', readable: false },
  { set: 'heldout', part: null, readable: false },
  { set: 'heldout-2', part: null, readable: false },
  { set: 'tuning', part: null, readable: true },
];

export const partName = ({ set, part }: Pick<LabelledSetPart, 'set' | 'part'>): string =>
  part === null ? set : `${set}.${part}`;

/**
 * The phrase files are data, not compiled: they stay in bench/phrases, beside these sources when run
 * under Jest and one folder up when run from bench/dist.
 */
function phrasesPath(fileName: string): string | null {
  const candidates = [join(__dirname, 'phrases', fileName), join(__dirname, '..', 'phrases', fileName)];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** True when the part's file is in the checkout (a new set may not be there yet). */
export function hasLabelledPhrases(part: Pick<LabelledSetPart, 'set' | 'part'>): boolean {
  return phrasesPath(`${partName(part)}.json`) !== null;
}

/** Reads `phrases/<set>[.<part>].json`. */
export function loadLabelledPhrases(part: Pick<LabelledSetPart, 'set' | 'part'>): LabelledPhrase[] {
  const fileName = `${partName(part)}.json`;
  const path = phrasesPath(fileName);
  if (!path) throw new Error(`${fileName} not found in bench/phrases`);
  return z.array(labelledPhraseSchema).parse(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * The parts named by `--sets=a,b`, or every part but the locked ones with `--dev-only` (every part when
 * neither is given); an unknown name is an error, not a silent skip.
 */
export function requestedParts(argv: readonly string[]): readonly LabelledSetPart[] {
  const flag = argv.find((arg) => arg.startsWith('--sets='));
  // While tuning: every part but the locked ones, which are run once, at the end.
  if (argv.includes('--dev-only')) return LABELLED_SETS.filter((part) => part.part !== 'locked');
  if (!flag) return LABELLED_SETS;
  const names = flag
    .slice('--sets='.length)
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const known = new Map(LABELLED_SETS.map((part) => [partName(part), part]));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new Error(`unknown set(s) ${unknown.join(', ')}; known: ${[...known.keys()].join(', ')}`);
  return LABELLED_SETS.filter((part) => names.includes(partName(part)));
}
