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
 * Reads `phrases.<set>.json`. The JSON stays beside the sources (it is data, not compiled), so when
 * this runs from `dist/bench` it looks back into `src/bench`, and from anywhere else into the checkout.
 */
export function loadLabelledPhrases(set: LabelledSet): LabelledPhrase[] {
  const fileName = `phrases.${set}.json`;
  const candidates = [
    join(__dirname, fileName),
    join(__dirname, '..', '..', 'src', 'bench', fileName),
    join(process.cwd(), 'services', 'dialog', 'src', 'bench', fileName),
  ];
  const path = candidates.find((candidate) => existsSync(candidate));
  if (!path) throw new Error(`${fileName} not found (looked in ${candidates.join(', ')})`);
  return z.array(labelledPhraseSchema).parse(JSON.parse(readFileSync(path, 'utf8')));
}
