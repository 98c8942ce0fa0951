import { cyrillicToLatin, latinToCyrillic, stripVerbatimMarkers } from '../understanding/transliterate';
import { AuthoredText, contentSchema, LocalizedText, MenuNode, UI_TEXT_KEYS } from './content.types';
import { expandAuthoredContent } from './expand-authored-content';
import { budvaAuthoredContent, loadSeedContent } from './seed/budva.content';

const content = loadSeedContent();
const REQUIRED_TOPICS = [
  'financial-aid',
  'gatherings-report',
  'property-tax',
  'contacts',
  'health-measures',
  'operator',
];

describe('seed content for Budva', () => {
  it('is valid content', () => {
    expect(() => contentSchema.parse(content)).not.toThrow();
  });

  it('has every required topic id, as written', () => {
    const ids = content.topics.map((topic) => topic.id);
    for (const id of REQUIRED_TOPICS) expect(ids).toContain(id);
  });

  it('gives every topic at least 15 example phrases per authored language', () => {
    for (const topic of content.topics) {
      expect({ topic: topic.id, count: topic.examples['cnr-Latn'].length >= 15 }).toEqual({
        topic: topic.id,
        count: true,
      });
      expect({ topic: topic.id, count: topic.examples.en.length >= 15 }).toEqual({
        topic: topic.id,
        count: true,
      });
    }
  });

  it('speaks every language everywhere a citizen reads text', () => {
    // Each language carries the authored words in its own script: Latin and English as written, Cyrillic from the Latin.
    const expectSpoken = (where: string, actual: LocalizedText, authored: AuthoredText) => {
      expect({ where, text: actual }).toEqual({
        where,
        text: {
          'cnr-Latn': stripVerbatimMarkers(authored['cnr-Latn']),
          'cnr-Cyrl': latinToCyrillic(authored['cnr-Latn']),
          en: stripVerbatimMarkers(authored.en),
        },
      });
      expect({ where, text: actual }).toEqual({
        where,
        text: {
          'cnr-Latn': expect.stringMatching(/\p{Script=Latin}/u),
          'cnr-Cyrl': expect.stringMatching(/\p{Script=Cyrillic}/u),
          en: expect.stringMatching(/\p{Script=Latin}/u),
        },
      });
    };
    expect(content.topics.map((topic) => topic.id)).toEqual(budvaAuthoredContent.topics.map((t) => t.id));
    budvaAuthoredContent.topics.forEach((authored, i) => {
      expectSpoken(`title of ${authored.id}`, content.topics[i].title, authored.title);
      expectSpoken(`answer of ${authored.id}`, content.topics[i].answer, authored.answer);
    });
    expect(Object.keys(content.texts).sort()).toEqual([...UI_TEXT_KEYS].sort());
    for (const key of UI_TEXT_KEYS)
      expectSpoken(`text ${key}`, content.texts[key], budvaAuthoredContent.texts[key]);
  });

  it('generates the Cyrillic from the Latin, keeping contacts as written', () => {
    const aid = content.topics.find((topic) => topic.id === 'financial-aid')!;
    expect(aid.answer['cnr-Cyrl']).toBe(latinToCyrillic(aid.answer['cnr-Latn']));
    expect(aid.answer['cnr-Cyrl']).toContain('Једнократна новчана помоћ');
    expect(aid.answer['cnr-Cyrl']).toContain('+382 33 451 451');
    expect(aid.answer['cnr-Cyrl']).toContain('lokalna.samouprava@budva.me');
    expect(aid.answer['cnr-Cyrl']).toContain('www.budva.me');
    expect(cyrillicToLatin(aid.title['cnr-Cyrl'])).toBe(aid.title['cnr-Latn']);
    expect(aid.examples['cnr-Cyrl']).toHaveLength(aid.examples['cnr-Latn'].length);
  });

  it('carries the central contacts of the Municipality, and only the sourced ones of the Secretariat', () => {
    const central = content.departments.find((department) => department.id === 'municipality')!;
    expect(central.phones).toEqual(['+382 33 451 451']);
    expect(central.emails).toEqual(['lokalna.samouprava@budva.me']);
    expect(central.address?.['cnr-Latn']).toBe('Trg Sunca 3, 85310 Budva');
    expect(content.newsUrl).toBe('https://www.budva.me');
    // The +382 33 451 451 line is the Municipality's (April 2020); no source gives the Secretariat its own.
    const secretariat = content.departments.find((department) => department.id === 'local-self-government')!;
    expect(secretariat.name.en).toBe('Secretariat for Local Self-Government');
    expect(secretariat.phones).toEqual([]);
    expect(secretariat.emails).toEqual(['lokalna.samouprava@budva.me']);
    expect(secretariat.note?.en).toContain('+382 33 451 451');
  });

  it('points to the phone line where a fact is not known, instead of inventing it', () => {
    const tax = content.departments.find((department) => department.id === 'local-revenue')!;
    expect(tax.phones).toEqual([]);
    expect(tax.note?.en).toContain('+382 33 451 451');
    expect(content.healthMeasures.text.en).toContain('+382 33 451 451');
    const aid = content.topics.find((topic) => topic.id === 'financial-aid')!;
    expect(aid.answer.en).toContain('+382 33 451 451');
  });

  it('reaches every required topic from the menu', () => {
    const reachable = new Set<string>();
    const visit = (node: MenuNode): void => {
      if (node.topic) reachable.add(node.topic);
      node.children?.forEach(visit);
    };
    visit(content.menu);
    for (const id of REQUIRED_TOPICS) expect(reachable).toContain(id);
  });
});

describe('content validation', () => {
  it('rejects a follow-up to a topic that does not exist', () => {
    const broken = {
      ...budvaAuthoredContent,
      topics: budvaAuthoredContent.topics.map((topic) =>
        topic.id === 'contacts' ? { ...topic, followUps: ['no-such-topic'] } : topic,
      ),
    };
    expect(() => expandAuthoredContent(broken)).toThrow(/unknown follow-up no-such-topic/);
  });

  it('rejects a menu entry for a topic that does not exist', () => {
    const broken = {
      ...budvaAuthoredContent,
      menu: {
        id: 'main',
        label: { 'cnr-Latn': 'Meni', en: 'Menu' },
        children: [{ id: 'x', label: { 'cnr-Latn': 'X', en: 'X' }, topic: 'missing' }],
      },
    };
    expect(() => expandAuthoredContent(broken)).toThrow(/unknown topic missing/);
  });

  it('rejects a duplicate topic id', () => {
    const broken = {
      ...budvaAuthoredContent,
      topics: [...budvaAuthoredContent.topics, budvaAuthoredContent.topics[0]],
    };
    expect(() => expandAuthoredContent(broken)).toThrow(/duplicate topic id/);
  });
});
