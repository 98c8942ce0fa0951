import { deadLetterStreamConfigOf, deadLetterStreamNameOf, deadLetterSubjectOf } from './dead-letters';
import { streamConfigOf } from './stream-config';

const settings = { duplicateWindowSeconds: 3600, maxAgeDays: 14, replicas: 3 };

describe('the dead-letter stream', () => {
  it('is one per installation, outside the events stream’s subjects, kept as long as the events', () => {
    const config = deadLetterStreamConfigOf('budva', settings);
    expect(config).toMatchObject({
      name: 'BUDVA_DEAD_LETTERS',
      subjects: ['dead-letters.budva.>'],
      num_replicas: 3,
      max_age: streamConfigOf('budva', settings).max_age,
      allow_direct: true,
    });
    expect(deadLetterStreamNameOf('budva')).toBe('BUDVA_DEAD_LETTERS');
    // JetStream refuses two streams with overlapping subjects: the events stream has budva.>.
    expect(config.subjects![0].startsWith('budva.')).toBe(false);
  });

  it('has a subject per kind and consumer', () => {
    expect(deadLetterSubjectOf('budva', 'dead', 'budva-dialog')).toBe('dead-letters.budva.dead.budva-dialog');
    expect(deadLetterSubjectOf('budva', 'parked', 'budva-dialog')).toBe(
      'dead-letters.budva.parked.budva-dialog',
    );
    expect(() => deadLetterSubjectOf('budva', 'dead', 'dialog.>')).toThrow(/invalid consumer/);
  });
});
