import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const labelledPhraseSchema = z.object({ text: z.string().min(1), topic: z.string().nullable() });
export type LabelledPhrase = z.infer<typeof labelledPhraseSchema>;

export type LabelledSet = 'heldout' | 'tuning';

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
