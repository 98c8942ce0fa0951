import { buildCharNgramModel, charNgrams, charNgramScores } from './char-ngrams';

describe('charNgrams', () => {
  it('cuts each word into 3- to 5-letter pieces with its boundaries marked, leaving stop words out', () => {
    const pieces = charNgrams('porez na stan');
    expect([...pieces.keys()]).toEqual(
      expect.arrayContaining(['_po', 'por', 'ez_', '_por', 'rez_', '_pore', 'orez_', '_st', 'an_', 'stan_']),
    );
    expect(pieces.has('_na')).toBe(false);
    expect(charNgrams('i na u')).toEqual(new Map());
  });

  it("adds the end pieces of the word's stem, so inflections share them", () => {
    expect(charNgrams('poreza').has('rez_')).toBe(true);
    expect(charNgrams('porezom').has('orez_')).toBe(true);
    expect(charNgrams('porez').get('rez_')).toBe(1);
  });

  it('gives the same pieces in both scripts and with or without diacritics', () => {
    expect(charNgrams('Помоћ')).toEqual(charNgrams('pomoc'));
    expect(charNgrams('pomoć')).toEqual(charNgrams('pomoc'));
  });
});

describe('charNgramScores', () => {
  const model = buildCharNgramModel([
    ['nema vode u zgradi', 'voda ne tece', 'pukla vodovodna cijev'],
    ['parking kazna', 'gdje da parkiram auto', 'parkiralište u centru'],
  ]);

  it('places an inflected or misspelled word with the topic whose examples share most of it', () => {
    for (const text of ['vodovodnoj cjevi', 'nemamo vodu', 'vodda']) {
      const [water, parking] = charNgramScores(text, model);
      expect(water).toBeGreaterThan(parking);
    }
    const [water, parking] = charNgramScores('parkirao sam', model);
    expect(parking).toBeGreaterThan(water);
  });

  it('scores words the examples never saw low everywhere, so they do not drift onto a topic', () => {
    const [known] = charNgramScores('voda', model);
    const [diluted] = charNgramScores('voda recept palacinke sladoled', model);
    expect(diluted).toBeLessThan(known / 2);
    expect([...charNgramScores('koliko kosta sladoled', model)].every((score) => score < 0.1)).toBe(true);
  });

  it('scores nothing for a text without content words', () => {
    expect([...charNgramScores('a i u', model)]).toEqual([0, 0]);
  });

  it("trains on a thousand phrases and places each topic's own words with it", () => {
    const phrases = Array.from({ length: 10 }, (_, topic) =>
      Array.from(
        { length: 100 },
        (__, i) => `tema${topic} primjer ${i} rijec${(i * 7) % 13} ex${topic}x${i}`,
      ),
    );
    const big = buildCharNgramModel(phrases);
    expect(big.exampleCount).toBe(1000);
    const scores = charNgramScores('tema3 primjer', big);
    expect(scores.indexOf(Math.max(...scores))).toBe(3);
  });
});
