import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const labelledPhraseSchema = z.object({ text: z.string().min(1), topic: z.string().nullable() });
export type LabelledPhrase = z.infer<typeof labelledPhraseSchema>;

/**
 * `heldout` was written before the first tuning but has since been looked at in aggregate; `heldout-2` was
 * written before the second round of tuning and is only ever run for figures, never read for failures.
 */
export type LabelledSet = 'heldout' | 'heldout-2' | 'tuning';
export const HELDOUT_SETS: readonly LabelledSet[] = ['heldout', 'heldout-2'];

/**
 * The phrase files are data, not compiled: they stay in bench/phrases, beside these sources when run
 * under Jest and one folder up when run from bench/dist.
 */
function phrasesPath(fileName: string): string {
  const candidates = [join(__dirname, 'phrases', fileName), join(__dirname, '..', 'phrases', fileName)];
  const path = candidates.find((candidate) => existsSync(candidate));
  if (!path) throw new Error(`${fileName} not found (looked in ${candidates.join(', ')})`);
  return path;
}

/** Reads `phrases/<set>.json`. */
export function loadLabelledPhrases(set: LabelledSet): LabelledPhrase[] {
  return z.array(labelledPhraseSchema).parse(JSON.parse(readFileSync(phrasesPath(`${set}.json`), 'utf8')));
}
