import { parsePlatformOptions } from './platform-options';

describe('bench:platform options', () => {
  it('has defaults for a full run', () => {
    expect(parsePlatformOptions([])).toMatchObject({
      rate: 60,
      seconds: 20,
      recipients: 10_000,
      phases: { questions: true, receipts: true },
    });
  });

  it('reads values given apart or with =, ranges and one phase', () => {
    const o = parsePlatformOptions([
      '--rate',
      '20',
      '--seconds=5',
      '--seen-ms',
      '100-200',
      '--only',
      'receipts',
    ]);
    expect(o).toMatchObject({ rate: 20, seconds: 5, seen: { minMs: 100, maxMs: 200 } });
    expect(o.phases).toEqual({ questions: false, receipts: true });
    expect(parsePlatformOptions(['--delivered-ms', '50']).delivered).toEqual({ minMs: 50, maxMs: 50 });
    expect(parsePlatformOptions(['--cpu-prof', '/tmp/p']).cpuProfileDir).toBe('/tmp/p');
    expect(parsePlatformOptions([]).cpuProfileDir).toBeUndefined();
  });

  it('refuses what it does not understand', () => {
    expect(() => parsePlatformOptions(['--rate', 'fast'])).toThrow('--rate');
    expect(() => parsePlatformOptions(['--seen-ms', '300-100'])).toThrow('less than');
    expect(() => parsePlatformOptions(['--only', 'both'])).toThrow('--only');
    expect(() => parsePlatformOptions(['--recpients', '5'])).toThrow('unknown option');
  });
});
