import { filedNotice, statusAnswer, statusChangedNotice } from './report-notices';
import { SEED_REPORT_CATEGORIES } from './report-categories';

const lights = SEED_REPORT_CATEGORIES.find((c) => c.code === 'street-light')!;

describe('what citizens are told about their reports', () => {
  it('the reference and the responsible service, in their language and script', () => {
    expect(filedNotice('BD-2026-000001', lights, 'en')).toContain('BD-2026-000001');
    expect(filedNotice('BD-2026-000001', lights, 'en')).toContain('Secretariat for Local Self-Government');
    expect(filedNotice('BD-2026-000001', lights, 'cnr-Cyrl')).toContain('Секретаријат за локалну самоуправу');
    expect(filedNotice('BD-2026-000001', lights, 'xx')).toContain('Sekretarijat za lokalnu samoupravu');
  });

  it('why their photo was not kept, when it was not, in their language and script', () => {
    expect(filedNotice('BD-7K3M-Q9XD', lights, 'en')).not.toContain('photo');
    expect(filedNotice('BD-7K3M-Q9XD', lights, 'en', 'not-an-image')).toMatch(
      /filed as BD-7K3M-Q9XD[\s\S]*not an image \(we take JPEG, PNG, WebP and GIF\)/,
    );
    expect(filedNotice('BD-7K3M-Q9XD', lights, 'cnr-Latn', 'too-large')).toContain('veća je od 10 MB');
    expect(filedNotice('BD-7K3M-Q9XD', lights, 'cnr-Cyrl', 'unreachable')).toContain(
      'Фотографију нисмо успјели преузети',
    );
  });

  it.each([
    ['in-progress', '', 'is working on it'],
    ['resolved', 'The bulb was replaced.', 'is resolved. The bulb was replaced.'],
    [
      'not-our-responsibility',
      'Call the electricity company on 19977.',
      'not the municipality’s responsibility. Call the electricity company on 19977.',
    ],
  ] as const)('every status change: %s', (status, note, expected) => {
    expect(statusChangedNotice({ reference: 'BD-2026-000001', status, note }, 'en')).toContain(expected);
  });

  it('a duplicate names the report it duplicates', () => {
    expect(
      statusChangedNotice(
        { reference: 'BD-2026-000002', status: 'duplicate', note: '', duplicateOf: 'BD-2026-000001' },
        'en',
      ),
    ).toBe('Report BD-2026-000002 is about the same case as report BD-2026-000001; we follow it there.');
  });

  it('answers a status question about one report, all of them, or none', () => {
    const reports = [
      {
        reference: 'BD-2026-000001',
        status: 'resolved' as const,
        note: 'Done',
        filedAt: '2026-11-25T10:00:00Z',
      },
    ];
    expect(statusAnswer('BD-2026-000001', reports, 'en')).toBe('BD-2026-000001 (2026-11-25): resolved\nDone');
    expect(statusAnswer('BD-2026-000009', reports, 'en')).toContain('We find no report BD-2026-000009');
    expect(statusAnswer(null, reports, 'en')).toMatch(/^Your reports:\n\nBD-2026-000001/);
    expect(statusAnswer(null, [], 'en')).toBe('No report has been sent from this Viber account yet.');
  });
});
