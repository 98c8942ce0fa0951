import { CitizenMessageReceived } from '@citizen-desk/contracts';
import { decideReply, TextUnderstanding } from '../conversation/conversation.decide';
import { initialConversationState } from '../conversation/conversation.state';
import { buildUnderstandingModel, understand } from '../understanding';
import { Department } from './content.types';
import { asksForContact, directoryEntriesNamed, packTexts } from './directory';
import { loadSeedContent } from './seed/budva.content';

const content = loadSeedContent();
const ids = (entries: Department[]) => entries.map((e) => e.id);

describe('directoryEntriesNamed', () => {
  it.each([
    ['broj vodovoda', ['water-company']],
    ['ВОДОВОД број', ['water-company']],
    ['vodovood telefon', ['water-company']],
    ['email komunalnog', ['communal-company']],
    ['telefon komunalne policije', ['communal-police']],
    ['broj policije', ['emergency']],
    ['kontakt turističke organizacije', ['tourism']],
    ['adresa sekretarijata za urbanizam', ['urbanism']],
    ['broj za porez', ['local-revenue']],
    ['tourist office phone', ['tourism']],
    ['water company number', ['water-company']],
    ['broj vodovoda i komunalnog', ['water-company', 'communal-company']],
    ['kakvo je vrijeme danas', []],
    ['', []],
  ])('"%s" → %j', (text, expected) => {
    expect(ids(directoryEntriesNamed(content.departments, text))).toEqual(expected);
  });

  it('finds an alias an editor adds', () => {
    const edited = content.departments.map((d) =>
      d.id === 'water-company' ? { ...d, aliases: [...(d.aliases ?? []), 'hidrant'] } : d,
    );
    expect(ids(directoryEntriesNamed(edited, 'broj za hidrante'))).toEqual(['water-company']);
  });
});

describe('asksForContact', () => {
  it.each([
    ['broj vodovoda', true],
    ['koji je telefon', true],
    ['email komunalnog', true],
    ['what is the phone number', true],
    ['nema vode u ulici', false],
  ])('"%s" → %s', (text, asks) => {
    expect(asksForContact(text)).toBe(asks);
  });
});

describe('packTexts', () => {
  it('joins blocks into as few texts as fit the limit', () => {
    expect(packTexts(['aaa', 'bbb', 'ccc'], 8)).toEqual(['aaa\n\nbbb', 'ccc']);
    expect(packTexts(['aaaaaaaaaa'], 8)).toEqual(['aaaaaaa…']);
    expect(packTexts([], 8)).toEqual([]);
  });
});

describe('the contacts topic in a conversation', () => {
  let seq = 0;
  const say = (text: string, understanding: TextUnderstanding | null) => {
    const received: CitizenMessageReceived = {
      citizen: { id: 'viber:u1' },
      channelMessageId: String(++seq),
      message: { kind: 'text', text },
      sentAt: '2026-11-30T10:00:00Z',
    };
    const d = decideReply(
      { eventId: `d${seq}`, received, understanding, now: '2026-11-30T10:00:01.000Z' },
      initialConversationState(),
      content,
    );
    return d.commands.map((c) => (c.data.message.kind === 'text' ? c.data.message.text : ''));
  };

  it('answers a named body with its entry only, whatever the matcher made of it', () => {
    for (const understanding of [
      null,
      { topic: 'contacts', confidence: 0.8, language: 'cnr-Latn' },
      { topic: 'report-problem', confidence: 0.5, language: 'cnr-Latn' },
    ]) {
      const [text, ...more] = say('broj vodovoda', understanding);
      expect(more).toEqual([]);
      expect(text).toContain('+382 33 403 304');
      expect(text).not.toContain('+382 33 452 512');
    }
  });

  it('lists every body when none is named, in Cyrillic too', () => {
    const texts = say('kontakti', { topic: 'contacts', confidence: 0.9, language: 'cnr-Cyrl' });
    const all = texts.join('\n');
    for (const d of content.departments) expect(all).toContain(d.name['cnr-Cyrl']);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(7000);
  });

  it('is what the matcher understands for "broj vodovoda" and "email komunalnog"', () => {
    const model = buildUnderstandingModel(content);
    expect(understand('broj vodovoda', model).topic).toBe('contacts');
    expect(understand('email komunalnog', model).topic).toBe('contacts');
  });
});
