import { RetentionPolicy, StorageType } from 'nats';
import { streamConfigOf, streamNameOf } from './stream-config';

describe('streamConfigOf', () => {
  it('names one file-backed stream per namespace covering all its subjects', () => {
    expect(streamConfigOf('budva', { duplicateWindowSeconds: 3600, maxAgeDays: 14, replicas: 3 })).toEqual({
      name: 'BUDVA_EVENTS',
      subjects: ['budva.>'],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: 3600 * 1e9,
      max_age: 14 * 24 * 3600 * 1e9,
      num_replicas: 3,
    });
  });

  it('refuses a namespace that is not a single subject token', () => {
    expect(() => streamNameOf('a.b')).toThrow(/invalid namespace/);
    expect(() => streamNameOf('a>')).toThrow(/invalid namespace/);
  });
});
