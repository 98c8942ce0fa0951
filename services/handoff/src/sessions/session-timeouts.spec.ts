import {
  decideTimeouts,
  SessionClocks,
  timeoutCutoffs,
  timeoutLimitsOf,
  timeoutOf,
} from './session-timeouts';

const limits = timeoutLimitsOf({ maxWaitMinutes: 30, leftMessageMaxHours: 72, idleMinutes: 20 });
const now = new Date('2026-11-25T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

const session = (over: Partial<SessionClocks>): SessionClocks => ({
  id: 's',
  status: 'waiting',
  outsideOfficeHours: false,
  queuedAt: minutesAgo(1),
  lastActivityAt: minutesAgo(1),
  ...over,
});

describe('timeoutOf', () => {
  it.each<[string, Partial<SessionClocks>, ReturnType<typeof timeoutOf>]>([
    ['waiting in hours, under the limit', { queuedAt: minutesAgo(29) }, null],
    ['waiting in hours, exactly at the limit', { queuedAt: minutesAgo(30) }, null],
    ['waiting in hours, past the limit', { queuedAt: minutesAgo(30.01) }, 'waited-too-long'],
    // The citizen writing while they wait does not stop the wait clock: nobody has taken them.
    [
      'waiting in hours, past the limit though the citizen just wrote',
      { queuedAt: minutesAgo(31), lastActivityAt: minutesAgo(0) },
      'waited-too-long',
    ],
    [
      'a message left outside hours keeps past the in-hours limit',
      { outsideOfficeHours: true, queuedAt: minutesAgo(600) },
      null,
    ],
    [
      'a message left outside hours, past its own limit',
      { outsideOfficeHours: true, queuedAt: minutesAgo(72 * 60 + 1) },
      'waited-too-long',
    ],
    [
      'active and quiet, under the idle limit',
      { status: 'active', queuedAt: minutesAgo(300), lastActivityAt: minutesAgo(19) },
      null,
    ],
    [
      'active and quiet, past the idle limit',
      { status: 'active', queuedAt: minutesAgo(25), lastActivityAt: minutesAgo(21) },
      'idle',
    ],
    [
      'active, long since queued but still talking',
      { status: 'active', queuedAt: minutesAgo(500), lastActivityAt: minutesAgo(2) },
      null,
    ],
    [
      'closed long ago',
      { status: 'closed', queuedAt: minutesAgo(5000), lastActivityAt: minutesAgo(5000) },
      null,
    ],
    ['none', { status: 'none', queuedAt: minutesAgo(5000) }, null],
  ])('%s → %s', (_label, over, expected) => {
    expect(timeoutOf(session(over), now, limits)).toBe(expected);
  });

  it('takes fractions of a minute (tests run with limits of seconds)', () => {
    const tiny = timeoutLimitsOf({ maxWaitMinutes: 0.05, leftMessageMaxHours: 1, idleMinutes: 0.05 });
    expect(
      timeoutOf(session({ queuedAt: new Date(now.getTime() - 2_900).toISOString() }), now, tiny),
    ).toBeNull();
    expect(timeoutOf(session({ queuedAt: new Date(now.getTime() - 3_100).toISOString() }), now, tiny)).toBe(
      'waited-too-long',
    );
  });
});

describe('decideTimeouts', () => {
  it('picks the overdue sessions with their reason, in the given order', () => {
    const sessions = [
      session({ id: 'fresh' }),
      session({ id: 'left-overnight', outsideOfficeHours: true, queuedAt: minutesAgo(14 * 60) }),
      session({ id: 'quiet', status: 'active', lastActivityAt: minutesAgo(45) }),
      session({ id: 'forgotten', queuedAt: minutesAgo(90) }),
    ];
    expect(decideTimeouts(sessions, now, limits)).toEqual([
      { id: 'quiet', kind: 'idle' },
      { id: 'forgotten', kind: 'waited-too-long' },
    ]);
    expect(decideTimeouts([], now, limits)).toEqual([]);
  });
});

describe('timeoutCutoffs', () => {
  it('puts each cutoff its limit before now', () => {
    expect(timeoutCutoffs(now, limits)).toEqual({
      waitingQueuedBefore: new Date('2026-11-25T11:30:00.000Z'),
      leftQueuedBefore: new Date('2026-11-22T12:00:00.000Z'),
      activeQuietBefore: new Date('2026-11-25T11:40:00.000Z'),
    });
  });
});
