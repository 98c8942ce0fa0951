import { loadSeedContent } from '../content/seed/budva.content';
import { understand } from './understand';
import { buildUnderstandingModel } from './understanding-model';

/**
 * The off-topic guard: an insult, chit-chat or a question for someone else must never be answered with
 * one of the municipality's services, however familiar a word in it ("bot", "opština", "broj", "Budva").
 * The phrases are written for this test, not taken from a labelled set.
 */
const model = buildUnderstandingModel(loadSeedContent());
const serviceIds = new Set(model.topics.filter((topic) => topic.service).map((topic) => topic.id));
const answeredService = (text: string) => {
  const { topic } = understand(text, model);
  return topic !== null && serviceIds.has(topic);
};

describe('understand: the off-topic guard (seed content)', () => {
  it.each([
    'idioti ste, sram vas bilo',
    'ти си најглупљи бот на свијету',
    'what a stupid bot',
    'nesposobnjakovići jedni',
    'you people are a joke',
  ])('answers no service to the insult %j', (text) => {
    expect(answeredService(text)).toBe(false);
  });

  it.each([
    'koji je glavni grad Francuske',
    'preporuči mi neki dobar film',
    'ко је написао Горски вијенац',
    'do you like pizza',
    'koliko košta kilo paradajza na pijaci',
    'kad počinje Eurovizija',
    'which nightclub in Budva is the best',
  ])('answers no service to the chit-chat or unrelated question %j', (text) => {
    expect(answeredService(text)).toBe(false);
  });

  // A known miss since session 5 (README, dialog): "jahtu" is unknown and one letter from "šahta" (a
  // manhole, in the independent writers' reports), so spelling turns the yacht into a report. It stays
  // here, expected to fail, so that a fix shows: when it passes, move it back to the list above.
  it.failing('answers no service to "gdje mogu da parkiram jahtu u marini" (known miss)', () => {
    expect(answeredService('gdje mogu da parkiram jahtu u marini')).toBe(false);
  });

  // "The number of" anything looks like a contacts question; a body the content does not know is not ours.
  it.each(['adresa hotela', 'broj apoteke u centru'])(
    'answers no service to the contact details of a body outside the municipality %j',
    (text) => {
      expect(answeredService(text)).toBe(false);
    },
  );

  // A word of what lies outside ("hotela", "banke") or known only in the other language ("pošte" is
  // the English "post" of a lamp post) names a body that is not ours, however contact-like the rest.
  // ("marina" was one until the independent writers' reports placed gatherings "by the marina".)
  it.each(['broj telefona pošte', 'kontakt banke', 'телефон хотела у центру'])(
    'does not answer the contacts of a body that is not ours %j',
    (text) => {
      expect(understand(text, model).topic).toBeNull();
    },
  );

  it.each([
    'radno vrijeme',
    'broj vodovoda',
    'adresa opštine',
    'kontakt komunalne policije',
    'Hello, what is the phone number of the municipality?',
  ])('still answers the contacts question %j', (text) => {
    expect(understand(text, model).topic).toBe('contacts');
  });

  it.each(['xkcd lol', 'aaaaaa', '???', 'ok ok ok'])('answers no service to the noise %j', (text) => {
    expect(answeredService(text)).toBe(false);
  });
});

// Off-topic messages of writers I and J (session 5), which never joined the examples: the blend of the
// word matcher and the n-grams answers each of them (aid, aid, aid, property tax, operator), because a
// topic's words carry the story; the softmax regression, which learnt those words against the outside
// phrases, puts them outside and withholds the answer.
describe('understand: the softmax regression withholds what lies outside (seed content)', () => {
  it.each([
    'Postovani, firma u kojoj radim u Starom gradu mi nije isplatila tri plate i sad me otpustila bez papira. Kako da tuzim poslodavca i koliko traje radni spor na sudu?',
    'Dear Sir/Madam, my landlord in Rafailovici refuses to return my 600 euro deposit even though I left the flat spotless. Can I take him to court and how long would that take?',
    'hello, my Montenegrin residence permit expires next month and I live in Budva. which documents do I need to bring to the police station to renew it and how long does it take?',
    'Postovani, imam malu firmu za iznajmljivanje skutera u Becicima i knjigovodja mi kaze da kasnim sa porezom na dobit za prosle godine. Do kada se predaje prijava poreza na dobit pravnih lica?',
    'are you a bot',
  ])('answers no service to %j', (text) => {
    expect(understand(text, model).topic).toBeNull();
  });
});
