import { parseChaosOptions } from './options';
import { SCENARIOS } from './suite';

describe('chaos options', () => {
  it('runs every scenario by default and takes names and numbers', () => {
    expect(parseChaosOptions([]).scenarios).toEqual([...SCENARIOS]);
    const o = parseChaosOptions(['kill-dialog', 'pg-outage', '--pg-outage', '600', '--recipients', '100000']);
    expect(o).toMatchObject({
      scenarios: ['kill-dialog', 'pg-outage'],
      pgOutageSeconds: 600,
      recipients: 100000,
    });
  });

  it('refuses what it does not know', () => {
    expect(() => parseChaosOptions(['kill-everything'])).toThrow(/unknown/);
    expect(() => parseChaosOptions(['--rate', 'x'])).toThrow(/positive/);
  });
});
