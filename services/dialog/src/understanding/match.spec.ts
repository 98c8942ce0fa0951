import { Content } from '../content/content.types';
import { expandAuthoredContent } from '../content/expand-authored-content';
import { budvaAuthoredContent, loadSeedContent } from '../content/seed/budva.content';
import { scoreTopics } from './match';
import { understand } from './understand';
import { analyze } from './analyze';
import { buildUnderstandingModel } from './understanding-model';

const seedModel = buildUnderstandingModel(loadSeedContent());

describe('understand (seed content)', () => {
  it.each([
    ['pomoc', 'financial-aid'],
    ['Kako da dobijem jednokratnu novčanu pomoć?', 'financial-aid'],
    ['ko ima pravo na pomoć', 'financial-aid'],
    ['porez na nepokretnost', 'property-tax'],
    ['porez na nepokretnost', 'property-tax'],
    ['ПОРЕЗ НА НЕПОКРЕТНОСТИ', 'property-tax'],
    ['do kad se placa porez na stan', 'property-tax'],
    ['when is property tax due', 'property-tax'],
    ['djeca se okupljaju u parku', 'gatherings-report'],
    ['деца се окупљају у парку', 'gatherings-report'],
    ['broj telefona opštine', 'contacts'],
    ['koje mjere su na snazi', 'health-measures'],
    ['koje mere vaze', 'health-measures'],
    ['hoću da razgovaram sa čovjekom', 'operator'],
    ['talk to a human', 'operator'],
    ['ne radi ulična rasvjeta', 'report-problem'],
    ['odjavi me', 'unsubscribe'],
    ['obriši moje podatke', 'forget-me'],
  ])('%s → %s', (text, topic) => {
    expect(understand(text, seedModel).topic).toBe(topic);
  });

  it.each([
    ['porex na nepokretnost', 'property-tax'],
    ['jednokratan pomoc', 'financial-aid'],
    ['hocu da razgovaram sa sluzbenkom', 'operator'],
    ['smece nije odvezno', 'report-problem'],
    ['nepokretnsoti porez', 'property-tax'],
  ])('understands the typo %s → %s', (text, topic) => {
    expect(understand(text, seedModel).topic).toBe(topic);
  });

  it.each([
    'koliko je sati',
    'ko je osvojio ligu šampiona',
    'recept za palačinke',
    "what's the weather",
    'asdf qwer',
    '',
  ])('does not guess on the off-topic %j', (text) => {
    const result = understand(text, seedModel);
    expect(result.topic).toBeNull();
    expect(result.confidence).toBeLessThan(0.45);
  });

  it('may answer a greeting with small talk, never with a service', () => {
    const result = understand('dobar dan', seedModel);
    expect(result.topic).toBe('greeting');
    expect(seedModel.topics.find((topic) => topic.id === result.topic)?.service).toBe(false);
  });

  it('reports the language, the normalised text and a confidence in 0..1', () => {
    const result = understand('Порез на непокретности', seedModel);
    expect(result).toMatchObject({
      topic: 'property-tax',
      language: 'cnr-Cyrl',
      normalized: 'porez na nepokretnosti',
    });
    expect(result.confidence).toBeGreaterThan(0.45);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(understand('property tax deadline', seedModel).language).toBe('en');
    expect(understand('ok', seedModel).language).toBeNull();
  });

  it('is more confident about a clear question than about a single shared word', () => {
    const clear = understand('kako da platim porez na nepokretnosti', seedModel).confidence;
    const vague = understand('stan', seedModel).confidence;
    expect(clear).toBeGreaterThan(vague);
  });
});

describe('buildUnderstandingModel', () => {
  // The seed's directory and texts, with two small topics of its own.
  const tiny: Content = expandAuthoredContent({
    ...budvaAuthoredContent,
    menu: {
      id: 'main',
      label: { 'cnr-Latn': 'Meni', en: 'Menu' },
      children: [{ id: 'a', label: { 'cnr-Latn': 'A', en: 'A' }, topic: 'water' }],
    },
    topics: [
      {
        id: 'water',
        department: 'local-self-government',
        kind: 'answer',
        title: { 'cnr-Latn': 'Voda', en: 'Water' },
        answer: { 'cnr-Latn': 'Voda.', en: 'Water.' },
        examples: {
          'cnr-Latn': ['nema vode', 'voda ne teče', 'račun za vodu'],
          en: ['no water', 'water bill'],
        },
        followUps: [],
      },
      {
        id: 'parking',
        department: 'local-self-government',
        kind: 'answer',
        title: { 'cnr-Latn': 'Parking', en: 'Parking' },
        answer: { 'cnr-Latn': 'Parking.', en: 'Parking.' },
        examples: {
          'cnr-Latn': ['parking karta', 'kazna za parking', 'račun za parking'],
          en: ['parking ticket', 'parking fine'],
        },
        followUps: [],
      },
    ],
  });
  const model = buildUnderstandingModel(tiny);

  it('indexes every topic and weighs a word shared by both topics less than one that tells them apart', () => {
    expect(model.topics.map((topic) => topic.id)).toEqual(['water', 'parking']);
    expect(model.contentVersion).toBe(tiny.version);
    const shared = model.terms.get('racun');
    const telling = model.terms.get('vod');
    expect(shared && telling).toBeTruthy();
    expect(telling!.idf).toBeGreaterThan(shared!.idf);
  });

  it('scores the topic whose examples explain the words', () => {
    const { scores } = scoreTopics(analyze('nema vode u zgradi'), model);
    const water = scores.find((score) => score.topic === 'water')!.score;
    const parking = scores.find((score) => score.topic === 'parking')!.score;
    expect(water).toBeGreaterThan(parking);
    expect(understand('voda ne tece', model).topic).toBe('water');
    expect(understand('parking kazna', model).topic).toBe('parking');
  });

  it('answers null to a word shared by both topics', () => {
    expect(understand('racun', model).topic).toBeNull();
  });

  it('collects language-specific words for detection', () => {
    expect(model.lexicon.cnr.has('vode')).toBe(true);
    expect(model.lexicon.en.has('water')).toBe(true);
    // "parking" is written the same in both languages, so it says nothing about the language.
    expect(model.lexicon.cnr.has('parking')).toBe(false);
    expect(model.lexicon.en.has('parking')).toBe(false);
  });
});
