import { loadSeedContent, Topic } from '../content';
import {
  putDepartment,
  putTopic,
  removeTopic,
  REQUIRED_TOPICS,
  setTexts,
  topicReferences,
} from './content-draft-edits';

const seed = loadSeedContent();
const thanks = seed.topics.find((t) => t.id === 'thanks')!;

describe('draft edits', () => {
  it('putTopic adds a new topic and replaces an existing one in place', () => {
    const parking: Topic = { ...thanks, id: 'parking' };
    const added = putTopic(seed, parking);
    expect(added.change).toBe('added');
    expect(added.content.topics.at(-1)).toBe(parking);
    const changed = putTopic(added.content, { ...parking, kind: 'answer' });
    expect(changed.change).toBe('changed');
    expect(changed.content.topics).toHaveLength(added.content.topics.length);
    expect(changed.content.topics.at(-1)!.kind).toBe('answer');
    expect(seed.topics.some((t) => t.id === 'parking')).toBe(false); // the input is not mutated
  });

  it('topicReferences names menu nodes and follow-ups pointing at a topic', () => {
    expect(topicReferences(seed, 'property-tax')).toEqual(['menu:menu-property-tax']);
    const withFollowUp = putTopic(seed, { ...thanks, followUps: ['property-tax'] }).content;
    expect(topicReferences(withFollowUp, 'property-tax')).toEqual(['menu:menu-property-tax', 'topic:thanks']);
    expect(topicReferences(seed, 'thanks')).toEqual([]);
  });

  it.each(REQUIRED_TOPICS)('removeTopic refuses the required topic %s', (id) => {
    expect(removeTopic(seed, id)).toEqual({ outcome: 'required' });
  });

  it('removeTopic refuses a referenced topic and names the references', () => {
    const referenced = putTopic(seed, { ...thanks, followUps: ['greeting'] }).content;
    expect(removeTopic(referenced, 'greeting')).toEqual({
      outcome: 'referenced',
      references: ['topic:thanks'],
    });
  });

  it('removeTopic removes an unreferenced topic and reports a missing one', () => {
    const result = removeTopic(seed, 'thanks');
    expect(result.outcome).toBe('removed');
    expect(result.outcome === 'removed' && result.content.topics.map((t) => t.id)).not.toContain('thanks');
    expect(removeTopic(seed, 'no-such-topic')).toEqual({ outcome: 'missing' });
  });

  it('putDepartment adds or replaces by id', () => {
    const water = { ...seed.departments[1], id: 'water' };
    expect(putDepartment(seed, water).change).toBe('added');
    const replaced = putDepartment(seed, { ...seed.departments[1], phones: ['+382 33 000 000'] });
    expect(replaced.change).toBe('changed');
    expect(replaced.content.departments.find((d) => d.id === 'local-revenue')!.phones).toEqual([
      '+382 33 000 000',
    ]);
  });

  it('setTexts replaces the texts given and keeps the others', () => {
    const hello = { 'cnr-Latn': 'Zdravo', 'cnr-Cyrl': 'Здраво', en: 'Hello' };
    const { content } = setTexts(seed, { greeting: hello });
    expect(content.texts.greeting).toEqual(hello);
    expect(content.texts.back).toEqual(seed.texts.back);
  });
});
