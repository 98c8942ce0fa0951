import { analyze } from './analyze';
import { foldIjekavian, isNumberWord, normalize } from './normalize';
import { stem } from './stemmer';
import { isStopWord } from './stop-words';

describe('normalize', () => {
  it('folds case, script and diacritics onto one form', () => {
    expect(normalize('ПОМОЋ')).toBe('pomoc');
    expect(normalize('Pomoć')).toBe('pomoc');
    expect(normalize('pomoc')).toBe('pomoc');
  });

  it('gives the same form for property tax with and without diacritics, in both scripts', () => {
    const expected = normalize('porez na nepokretnost');
    expect(normalize('Porez na nepokretnost!')).toBe(expected);
    expect(normalize('ПОРЕЗ НА НЕПОКРЕТНОСТ')).toBe(expected);
    expect(normalize('poreZ  na   nepokretnost?')).toBe(expected);
  });

  it('writes đ as dj and folds dž, lj, nj consistently across scripts', () => {
    expect(normalize('Đak')).toBe('djak');
    expect(normalize('ђак')).toBe(normalize('djak'));
    expect(normalize('džep')).toBe('dzep');
    expect(normalize('џеп')).toBe('dzep');
    expect(normalize('ljubav')).toBe(normalize('љубав'));
    expect(normalize('njiva')).toBe(normalize('њива'));
  });

  it('folds ijekavian onto ekavian, so every spelling of a word meets', () => {
    expect(normalize('dijete')).toBe('dete');
    expect(normalize('djete')).toBe('dete');
    expect(normalize('dete')).toBe('dete');
    expect(normalize('дијете')).toBe('dete');
    expect(normalize('mjere')).toBe(normalize('mere'));
    expect(normalize('vrijeme')).toBe(normalize('vreme'));
    expect(normalize('gdje')).toBe(normalize('gde'));
    expect(normalize('đe')).toBe(normalize('de'));
  });

  it('does not fold the j of the digraphs lj and nj (okupljanje keeps its -nje)', () => {
    expect(foldIjekavian('okupljanje')).toBe('okupljanje');
    expect(foldIjekavian('pitanje')).toBe('pitanje');
  });

  it('keeps the word "je" at the start of a word', () => {
    expect(normalize('Je li')).toBe('je li');
  });

  it('drops punctuation and an English "\'s", and joins other apostrophes', () => {
    expect(normalize("What's the weather?!")).toBe('what the weather');
    expect(normalize("Don't know")).toBe('dont know');
    expect(normalize('  ')).toBe('');
  });
});

describe('stem', () => {
  it('brings the inflected forms of a noun together', () => {
    expect(new Set(['porez', 'poreza', 'porezu', 'porezom'].map(stem))).toEqual(new Set(['porez']));
    expect(new Set(['nepokretnost', 'nepokretnosti', 'nepokretnostima'].map(stem)).size).toBe(1);
    expect(new Set(['pomoc', 'pomoci', 'pomocu'].map(stem)).size).toBe(1);
  });

  it('treats uvjeti and uslovi, dijete and djeca as the same word', () => {
    expect(stem(normalize('uvjeti'))).toBe(stem(normalize('uslovi')));
    expect(stem(normalize('dijete'))).toBe(stem(normalize('djeca')));
    expect(stem(normalize('djece'))).toBe(stem(normalize('deca')));
  });

  it('leaves short words intact', () => {
    expect(stem('tax')).toBe('tax');
    expect(stem('hi')).toBe('hi');
  });
});

describe('analyze', () => {
  it('drops stop words of all three languages and stems the rest', () => {
    expect(analyze('Kako da platim porez na nepokretnosti?')).toEqual(['plat', 'porez', 'nepokretnost']);
    expect(analyze('Како да платим порез на непокретности?')).toEqual(['plat', 'porez', 'nepokretnost']);
    expect(analyze('how do I pay the property tax')).toEqual(['pay', 'propert', 'tax']);
  });

  it('ignores bare numbers', () => {
    expect(analyze('porez 2026')).toEqual(['porez']);
  });

  it('knows stop words after folding', () => {
    expect(isStopWord(normalize('gdje'))).toBe(true);
    expect(isStopWord('porez')).toBe(false);
  });
});

describe('isNumberWord', () => {
  it('takes amounts and sizes with their unit glued on for numbers, as bare numbers are', () => {
    for (const word of ['250', '250e', '120m2', '15h', '6x', 'm2', 'km2'])
      expect(isNumberWord(word)).toBe(true);
    expect(analyze('penzija mi je 250e, stan 85m2')).toEqual(analyze('penzija mi je, stan'));
  });

  it('keeps words that merely contain a digit after letters', () => {
    for (const word of ['covid19', 'porez', 'm', 'mail']) expect(isNumberWord(word)).toBe(false);
  });
});

describe('isStopWord: fillers of everyday writing', () => {
  it('drops intensifiers and fillers that colour a story without naming its topic', () => {
    for (const word of ['bas', 'stvarno', 'uvijek', 'stalno', 'really', 'lol', 'literally'])
      expect(isStopWord(normalize(word))).toBe(true);
    expect(analyze('baš stvarno uvijek rupa na putu lol')).toEqual(analyze('rupa na putu'));
  });

  it('keeps words that name a topic or tell it apart ("right to be forgotten", "beach bar", "hitno")', () => {
    for (const word of ['right', 'bar', 'hitno', 'mnogo', 'ljudi']) expect(isStopWord(word)).toBe(false);
  });
});

describe('English forms meet their base form', () => {
  it.each([
    ["the property's tax", 'property tax'],
    ["my neighbour's dog", 'neighbour dog'],
    ['families', 'family'],
    ['cities', 'city'],
    ['gatherings', 'gathering'],
    ['buildings', 'building'],
    ['problems', 'problem'],
  ])('%s reads as %s', (form, base) => {
    expect(analyze(form)).toEqual(analyze(base));
  });

  it('meets the Montenegrin forms of "problem" too', () => {
    expect(new Set(['problem', 'problema', 'problemi', 'problemom'].map(stem))).toEqual(new Set(['problem']));
  });

  it('keeps a contraction grammar', () => {
    expect(analyze("what's the number")).toEqual(analyze('the number'));
  });
});
