import { loadSeedContent } from '../content';
import { readStoredContent } from './stored-content';

describe('readStoredContent', () => {
  it('fills UI strings that a version stored by an earlier release lacks, keeping the stored ones', () => {
    const seed = loadSeedContent();
    const old = JSON.parse(JSON.stringify(seed));
    delete old.texts.reportPrompt;
    delete old.noticeCategories;
    old.texts.greeting = { 'cnr-Latn': 'Zdravo!', 'cnr-Cyrl': 'Здраво!', en: 'Hi!' };
    const read = readStoredContent(old);
    expect(read.texts.reportPrompt).toEqual(seed.texts.reportPrompt);
    expect(read.texts.greeting.en).toBe('Hi!');
    expect(read.noticeCategories).toEqual(seed.noticeCategories);
  });

  it('still refuses content that is broken in other ways', () => {
    const broken = { ...JSON.parse(JSON.stringify(loadSeedContent())), topics: [] };
    expect(() => readStoredContent(broken)).toThrow();
  });
});
