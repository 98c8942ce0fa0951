import { batchIdOf, batchPlannedEventIdOf, broadcastCommandIdOf } from './batch-identity';

describe('batch identity', () => {
  it('is the same for the same batch and differs between batches and between the command and the event', () => {
    expect(broadcastCommandIdOf(batchIdOf('c1', 7))).toBe(broadcastCommandIdOf(batchIdOf('c1', 7)));
    expect(broadcastCommandIdOf(batchIdOf('c1', 7))).not.toBe(broadcastCommandIdOf(batchIdOf('c1', 8)));
    expect(broadcastCommandIdOf(batchIdOf('c1', 7))).not.toBe(broadcastCommandIdOf(batchIdOf('c2', 7)));
    expect(batchPlannedEventIdOf(batchIdOf('c1', 7))).not.toBe(broadcastCommandIdOf(batchIdOf('c1', 7)));
    expect(broadcastCommandIdOf('c1:1')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
