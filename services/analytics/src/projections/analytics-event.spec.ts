import { keptCopyOf } from './analytics-event';
import { knownHistory, knownReports } from './known-history.test-support';

describe('keptCopyOf', () => {
  it('keeps no report description, place, photo or staff note in its copy of the events', () => {
    const [filed, , , changed, reassigned] = knownReports();
    expect(Object.keys(keptCopyOf(filed).data as object).sort()).toEqual([
      'category',
      'channel',
      'citizenId',
      'department',
      'filedAt',
      'language',
      'reference',
      'reportId',
      'submissionId',
    ]);
    expect(keptCopyOf(changed).data).not.toHaveProperty('note');
    expect(keptCopyOf(reassigned).data).not.toHaveProperty('reason');
    expect(filed.data).toHaveProperty('description'); // the event itself is left alone
    const bot = knownHistory()[1];
    expect(keptCopyOf(bot)).toBe(bot);
  });
});
