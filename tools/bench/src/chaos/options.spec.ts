import { parseChaosOptions } from './options';
import { SCENARIOS } from './suite';

describe('chaos options', () => {
  it('runs every scenario by default and takes names and numbers', () => {
    expect(parseChaosOptions([]).scenarios).toEqual([...SCENARIOS]);
    const o = parseChaosOptions([
      'kill-dialog',
      'pg-outage-long',
      '--pg-long-outage',
      '300',
      '--recipients',
      '5000',
      '--in-flight',
      '4',
    ]);
    expect(o).toMatchObject({
      scenarios: ['kill-dialog', 'pg-outage-long'],
      pgLongOutageSeconds: 300,
      recipients: 5000,
      inFlight: 4,
    });
  });

  it('refuses what it does not know', () => {
    expect(() => parseChaosOptions(['kill-everything'])).toThrow(/unknown/);
    expect(() => parseChaosOptions(['--rate', 'x'])).toThrow(/positive/);
  });
});
