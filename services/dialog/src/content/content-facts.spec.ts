import { renderDirectory, renderTopicAnswer } from '../conversation/reply-rendering';
import { containsCyrillic, cyrillicToLatin } from '../understanding/transliterate';
import { Content, contentSchema, FactSource, LANGUAGES, LocalizedText, MenuNode } from './content.types';
import { VIBER_TEXT_LIMIT } from './directory';
import { loadSeedContent } from './seed/budva.content';

/**
 * "Tells them only what is true": every fact the seed content tells citizens has a public source in
 * the content itself, every text is in all three scripts, and nothing is longer than Viber shows.
 */
const content = loadSeedContent();

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: string | number) => String(n).padStart(2, '0');

/** Dates written "29. 3. 2018" or "29 Mar 2018", as YYYY-MM-DD. */
function datesIn(text: string): string[] {
  const numeric = [...text.matchAll(/\b(\d{1,2})\. ?(\d{1,2})\. ?(\d{4})/g)].map(
    ([, d, m, y]) => `${y}-${pad(m)}-${pad(d)}`,
  );
  const english = [...text.matchAll(/\b(\d{1,2}) ([A-Z][a-z]{2})[a-z]* (\d{4})/g)]
    .filter(([, , m]) => MONTHS.includes(m.toLowerCase()))
    .map(([, d, m, y]) => `${y}-${pad(MONTHS.indexOf(m.toLowerCase()) + 1)}-${pad(d)}`);
  return [...numeric, ...english];
}

/** Phone numbers as digits in international form: 033 403 304 and +382 33 403 304 are the same. */
function phonesIn(text: string): string[] {
  const long = [...text.matchAll(/\+\d{3}(?:[ /-]?\d+)+|\b0\d{2}[ /-]?\d{3}[ -]?\d{3,4}\b/g)].map(([p]) => {
    const digits = p.replace(/\D/g, '');
    return digits.startsWith('0') ? `382${digits.slice(1)}` : digits;
  });
  // Short national numbers (112, 1616), not parts of dates, amounts or longer numbers.
  const short = [
    ...text.replace(/\+\d{3}(?:[ /-]?\d+)+/g, '').matchAll(/(?<![\d.,/–-])1\d{2,3}(?![\d/–-]|[.,]\d|\s?€)/g),
  ].map(([p]) => p);
  return [...long, ...short];
}

const squash = (text: string) => text.toLowerCase().replace(/\s+/g, '').replace(/[–—]/g, '-');

/** The other facts, compared as written (spaces and dashes aside). */
function otherFactsIn(text: string): string[] {
  const patterns = [
    /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, // e-mails
    /\d+(?:[.,]\d+)?\s?(?:€|EUR|%)/g, // amounts
    /\b\d{1,2}(?::\d{2})?\s?[–-]\s?\d{1,2}(?::\d{2})?\s?h\b/g, // hours
    /\b(?:19|20)\d{2}\b/g, // years
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map(([m]) => m));
}

interface Unsourced {
  where: string;
  fact: string;
}

/** The facts of `text` that no source in `sources` states. */
function unsourcedFacts(where: string, text: string, sources: readonly FactSource[]): Unsourced[] {
  const corpus = sources.map((s) => `${s.fact} ${s.asOf ?? ''}`).join(' \n ');
  const phones = new Set(phonesIn(corpus));
  const dates = new Set([...datesIn(corpus), ...sources.flatMap((s) => (s.asOf ? [s.asOf] : []))]);
  const squashed = squash(corpus);
  return [
    ...phonesIn(text).filter((p) => !phones.has(p)),
    ...datesIn(text).filter((d) => !dates.has(d)),
    ...otherFactsIn(text).filter((f) => !squashed.includes(squash(f))),
  ].map((fact) => ({ where, fact }));
}

const directorySources = content.departments.flatMap((d) => d.sources ?? []);

function localizedTexts(c: Content): Array<[string, LocalizedText]> {
  const menu: Array<[string, LocalizedText]> = [];
  const visit = (node: MenuNode): void => {
    menu.push([`menu ${node.id}`, node.label]);
    node.children?.forEach(visit);
  };
  visit(c.menu);
  return [
    ...c.topics.flatMap((t): Array<[string, LocalizedText]> => [
      [`topic ${t.id} title`, t.title],
      [`topic ${t.id} answer`, t.answer],
    ]),
    ...c.departments.flatMap((d): Array<[string, LocalizedText]> => [
      [`department ${d.id} name`, d.name],
      ...(d.address ? [[`department ${d.id} address`, d.address] as [string, LocalizedText]] : []),
      ...(d.note ? [[`department ${d.id} note`, d.note] as [string, LocalizedText]] : []),
      ...(d.officeHours ? [[`department ${d.id} hours`, d.officeHours] as [string, LocalizedText]] : []),
    ]),
    ['health measures', c.healthMeasures.text],
    ...c.noticeCategories.map((n): [string, LocalizedText] => [`notice ${n.id}`, n.label]),
    ...Object.entries(c.texts).map(([key, text]): [string, LocalizedText] => [`text ${key}`, text]),
    ...menu,
  ];
}

describe('every fact in the seed content has a source', () => {
  it('in topic answers: in the topic’s own sources or the directory’s', () => {
    const unsourced = content.topics.flatMap((topic) =>
      (['cnr-Latn', 'en'] as const).flatMap((language) =>
        unsourcedFacts(`${topic.id} (${language})`, topic.answer[language], [
          ...(topic.sources ?? []),
          ...directorySources,
        ]),
      ),
    );
    expect(unsourced).toEqual([]);
  });

  it('in the directory: phones and e-mails in the entry’s own sources, notes in the directory’s', () => {
    const unsourced = content.departments.flatMap((d) => {
      const own = d.sources ?? [];
      const contacts = [...d.phones, ...d.emails, d.website?.replace(/^https?:\/\//, '') ?? ''].join(' ; ');
      const texts = (['cnr-Latn', 'en'] as const).map(
        (l) => `${d.address?.[l] ?? ''} ; ${d.note?.[l] ?? ''} ; ${d.officeHours?.[l] ?? ''}`,
      );
      return [
        ...unsourcedFacts(`${d.id} contacts`, contacts, own),
        ...texts.flatMap((text) => unsourcedFacts(`${d.id} note`, text, [...own, ...directorySources])),
      ];
    });
    expect(unsourced).toEqual([]);
  });

  it('in the health measures and the UI texts', () => {
    const health = (['cnr-Latn', 'en'] as const).flatMap((l) =>
      unsourcedFacts(`health (${l})`, content.healthMeasures.text[l], [
        ...(content.healthMeasures.sources ?? []),
        ...directorySources,
      ]),
    );
    const texts = Object.entries(content.texts)
      .flatMap(([key, text]) =>
        (['cnr-Latn', 'en'] as const).flatMap((l) =>
          unsourcedFacts(`${key} (${l})`, text[l], directorySources),
        ),
      )
      // The UI texts' other numbers are the platform's own limits ("2000 znakova"), not facts about Budva.
      .filter((u) => /@|^\d{9,}$|^1\d{2}$/.test(u.fact));
    expect([...health, ...texts]).toEqual([]);
  });

  it('finds the facts it checks (the check itself)', () => {
    const text = 'Zovite 033 403 304 ili 112, pišite na a@b.me; 110 € do 30. 6. 2022, 7–19 h, od 2018.';
    expect(unsourcedFacts('t', text, []).map((u) => u.fact)).toEqual([
      '38233403304',
      '112',
      '2022-06-30',
      'a@b.me',
      '110 €',
      '7–19 h',
      '2022',
      '2018',
    ]);
    const sources = [
      { fact: '+382 33 403 304, 112, a@b.me, 110 €, 7-19 h, 2018', source: 'x' },
      { fact: 'rok', source: 'y', asOf: '2022-06-30' },
    ];
    expect(unsourcedFacts('t', text, sources)).toEqual([]);
  });

  it('gives every source a source and well-formed date', () => {
    const all = [
      ...content.topics.flatMap((t) => t.sources ?? []),
      ...directorySources,
      ...(content.healthMeasures.sources ?? []),
    ];
    expect(all.length).toBeGreaterThan(20);
    for (const s of all) expect(s.source.trim().length).toBeGreaterThan(0);
  });

  it('dates answers that state amounts or deadlines', () => {
    const dated = { 'cnr-Latn': 'Podaci od ', en: 'Information as of ' } as const;
    for (const topic of content.topics)
      for (const language of ['cnr-Latn', 'en'] as const) {
        const text = topic.answer[language];
        if (/\d\s?(€|%)|\b(rok|roku|rokovi|deadlines?|within)\b[^.\n]*\d/i.test(text))
          expect({ topic: topic.id, language, dated: text.includes(dated[language]) }).toEqual({
            topic: topic.id,
            language,
            dated: true,
          });
      }
  });

  it('does not present the 2020 measures as current, and points to the official source', () => {
    expect(content.healthMeasures.text['cnr-Latn']).toContain(
      'mjere iz 2020. godine nijesu opis današnjeg stanja',
    );
    expect(content.healthMeasures.text.en).toContain('1616');
    expect(content.healthMeasures.sourceUrl).toBe('https://twitter.com/ijzcg');
  });
});

describe('the seed content in three scripts', () => {
  it('has every text in cnr-Latn, cnr-Cyrl and en, the Cyrillic a transliteration of the Latin', () => {
    for (const [where, text] of localizedTexts(content)) {
      for (const language of LANGUAGES)
        expect({ where, empty: text[language].trim() === '' }).toEqual({ where, empty: false });
      expect({ where, latin: cyrillicToLatin(text['cnr-Cyrl']) }).toEqual({ where, latin: text['cnr-Latn'] });
      if (/[a-zčćšžđ]{3}/i.test(text['cnr-Latn']))
        expect({ where, cyrillic: containsCyrillic(text['cnr-Cyrl']) }).toEqual({ where, cyrillic: true });
    }
  });

  it('keeps every answer within Viber’s text limit, the directory split if needed', () => {
    for (const topic of content.topics)
      for (const language of LANGUAGES) {
        const messages =
          topic.kind === 'directory'
            ? renderDirectory(content, topic, language, [])
            : [renderTopicAnswer(content, topic, language)];
        for (const m of messages) {
          const text = m.kind === 'text' ? m.text : '';
          expect({
            topic: topic.id,
            language,
            fits: text.length <= VIBER_TEXT_LIMIT && !text.endsWith('…'),
          }).toEqual({ topic: topic.id, language, fits: true });
        }
      }
    for (const [where, text] of localizedTexts(content))
      for (const language of LANGUAGES)
        expect({ where, fits: text[language].length <= VIBER_TEXT_LIMIT }).toEqual({ where, fits: true });
  });

  it('round-trips through JSON, as content-admin stores it', () => {
    expect(contentSchema.parse(JSON.parse(JSON.stringify(content)))).toEqual(content);
  });
});
