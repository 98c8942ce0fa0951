import { menuRequestSchema, textsRequestSchema, topicOf, topicRequestSchema } from './content-admin.requests';

describe('content admin requests', () => {
  const body = {
    department: 'local-revenue',
    kind: 'answer',
    title: { 'cnr-Latn': 'Parking', en: 'Parking' },
    answer: { 'cnr-Latn': 'Parking se plaća porukom.', en: 'Parking is paid by text message.' },
    examples: { 'cnr-Latn': ['gdje da platim parking'], en: ['where do I pay for parking'] },
  };

  it('generates the Cyrillic texts and examples from the Latin ones', () => {
    const topic = topicOf('parking', topicRequestSchema.parse(body));
    expect(topic.title['cnr-Cyrl']).toBe('Паркинг');
    expect(topic.answer['cnr-Cyrl']).toBe('Паркинг се плаћа поруком.');
    expect(topic.examples['cnr-Cyrl']).toEqual(['гдје да платим паркинг']);
    expect(topic.followUps).toEqual([]);
  });

  it('keeps a Cyrillic text the author gave', () => {
    const topic = topicOf(
      'parking',
      topicRequestSchema.parse({ ...body, title: { ...body.title, 'cnr-Cyrl': 'ПАРКИНГ' } }),
    );
    expect(topic.title['cnr-Cyrl']).toBe('ПАРКИНГ');
  });

  it('refuses unknown fields, unknown kinds and empty texts', () => {
    expect(topicRequestSchema.safeParse({ ...body, colour: 'red' }).success).toBe(false);
    expect(topicRequestSchema.safeParse({ ...body, kind: 'poem' }).success).toBe(false);
    expect(topicRequestSchema.safeParse({ ...body, title: { 'cnr-Latn': '', en: 'x' } }).success).toBe(false);
  });

  it('completes a menu tree and insists on topic xor children', () => {
    const label = { 'cnr-Latn': 'Usluge', en: 'Services' };
    const menu = menuRequestSchema.parse({
      id: 'main',
      label,
      children: [{ id: 'tax', label, topic: 'property-tax' }],
    });
    expect(menu.children![0].label['cnr-Cyrl']).toBe('Услуге');
    expect(
      menuRequestSchema.safeParse({
        id: 'main',
        label,
        topic: 'x',
        children: [{ id: 'a', label, topic: 'y' }],
      }).success,
    ).toBe(false);
  });

  it("holds a menu to Viber's keyboard: 22 entries a level, 250 characters a label, and says so", () => {
    const label = { 'cnr-Latn': 'Usluge', en: 'Services' };
    const entries = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `e-${i}`, label, topic: 'property-tax' }));
    const problems = (menu: unknown) => {
      const r = menuRequestSchema.safeParse(menu);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };

    expect(problems({ id: 'main', label, children: entries(22) })).toEqual([]);
    expect(problems({ id: 'main', label, children: entries(23) })).toEqual([
      expect.stringMatching(/^children: a menu shows 22 entries at most: .*Viber/),
    ]);
    const long = { 'cnr-Latn': 'a'.repeat(251), en: 'Services' };
    expect(problems({ id: 'main', label, children: [{ id: 'x', label: long, topic: 'y' }] })).toEqual([
      "children.0.label.cnr-Latn: a menu button's label has 250 characters at most (Viber)",
    ]);
    expect(problems({ id: 'main', label, children: [{ id: 'x', label, children: [] }] })).toEqual([
      'children.0.children: a sub-menu needs at least one entry',
    ]);
  });

  it('accepts some UI texts, not unknown keys or none', () => {
    expect(textsRequestSchema.parse({ back: { 'cnr-Latn': 'Nazad', en: 'Back' } }).back!['cnr-Cyrl']).toBe(
      'Назад',
    );
    expect(textsRequestSchema.safeParse({ nonsense: { 'cnr-Latn': 'a', en: 'a' } }).success).toBe(false);
    expect(textsRequestSchema.safeParse({}).success).toBe(false);
  });
});
