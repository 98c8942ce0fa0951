import { createServiceDataSource } from '@citizen-desk/event-store';
import { cleanupNamespace, testDatabaseUrl, testNamespace } from '@citizen-desk/testing';
import { DataSource } from 'typeorm';
import { metricsRegistry } from '@citizen-desk/observability';
import { handoffMigrations } from '../migrations';
import { registerOldestWaitGauge } from './oldest-wait.gauge';
import { initialSessionState, SessionState } from './session.state';
import { SessionsRepository } from './sessions.repository';

/** The repository's counting and measuring queries against the real PostgreSQL. */
const ns = testNamespace();
let dataSource: DataSource;
let repo: SessionsRepository;

beforeAll(async () => {
  dataSource = await createServiceDataSource({
    url: testDatabaseUrl(),
    schema: `${ns}_handoff`,
    migrations: handoffMigrations,
  });
  repo = new SessionsRepository(dataSource);
});
afterAll(async () => {
  await dataSource?.destroy();
  await cleanupNamespace(ns);
});

const T0 = Date.parse('2026-11-25T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
let n = 0;

/** A session row as its events would project it; times in minutes after T0. */
async function session(over: Partial<SessionState> & { department: string }): Promise<string> {
  const sessionId = `s-${++n}`;
  const state: SessionState = {
    ...initialSessionState(),
    status: 'waiting',
    sessionId,
    citizenId: `viber:repo-${n}==`,
    queuedAt: at(0),
    lastActivityAt: at(0),
    ...over,
  };
  await dataSource.transaction((m) => repo.project(m, state, 1));
  return sessionId;
}

/** Taken by an operator `waited` minutes after it was queued at `queued`, and ended. */
const handled = (department: string, queued: number, waited: number, over: Partial<SessionState> = {}) =>
  session({
    status: 'closed',
    queuedAt: at(queued),
    operatorId: 'op-ana',
    operatorName: 'Ana',
    assignedAt: at(queued + waited),
    endedAt: at(queued + waited + 5),
    lastActivityAt: at(queued + waited + 5),
    ...over,
    department,
  });

describe('recentWaits', () => {
  it('measures nothing where nobody has been served', async () => {
    await session({ department: 'no-history' });
    expect(await repo.recentWaits('no-history', 20)).toEqual({ medianMinutes: null, sessions: 0 });
  });

  it('takes the median wait for an operator over the latest handled sessions of the department', async () => {
    const d = 'waits';
    await handled(d, 0, 5); // the oldest: outside the sample of 3 below
    await handled(d, 10, 2);
    await handled(d, 20, 10);
    await handled(d, 30, 4);
    // Not measured: a message left overnight, a session sent back to a queue and never taken again,
    // another department's session, one still waiting.
    await handled(d, 40, 600, { outsideOfficeHours: true });
    await session({
      department: d,
      status: 'closed',
      queuedAt: at(50),
      assignedAt: at(45),
      operatorId: null,
      endedAt: at(80),
    });
    await handled('elsewhere', 0, 45);
    await session({ department: d, queuedAt: at(90) });

    expect(await repo.recentWaits(d, 3)).toEqual({ medianMinutes: 4, sessions: 3 });
    expect(await repo.recentWaits(d, 20)).toEqual({ medianMinutes: 4.5, sessions: 4 });
  });
});

describe('queueByDepartment and waitingCount', () => {
  it('counts the waiting sessions per department in SQL, the longest-waiting queue first', async () => {
    await session({ department: 'queue-b', queuedAt: at(5) });
    await session({ department: 'queue-a', queuedAt: at(7) });
    await session({ department: 'queue-a', queuedAt: at(3) });
    await session({ department: 'queue-a', status: 'active', queuedAt: at(1), operatorId: 'op-ivo' });
    await handled('queue-a', 0, 1);

    expect(await repo.queueByDepartment(['queue-a', 'queue-b'])).toEqual([
      { department: 'queue-a', waiting: 2, oldestQueuedAt: at(3) },
      { department: 'queue-b', waiting: 1, oldestQueuedAt: at(5) },
    ]);
    expect(await repo.queueByDepartment(['queue-b'])).toEqual([
      { department: 'queue-b', waiting: 1, oldestQueuedAt: at(5) },
    ]);
    expect((await repo.queueByDepartment(null)).map((q) => q.department)).toEqual(
      expect.arrayContaining(['queue-a', 'queue-b', 'no-history', 'waits']),
    );
    expect(await repo.waitingCount('queue-a')).toBe(2);
  });
});

describe("citizens' history from a consumer's batch", () => {
  const entry = (citizenId: string, minute: number) => ({
    eventId: `e-${citizenId}-${minute}`,
    citizenId,
    at: at(minute),
    author: 'citizen' as const,
    kind: 'text',
    text: `message ${minute}`,
  });

  it('writes every row in one go and keeps only the most recent per citizen', async () => {
    const sink = repo.historySink(3);
    expect(repo.historySink(3)).toBe(sink);
    const rows = [1, 2, 3, 4, 5].flatMap((m) => [entry('viber:hist-a==', m), entry('viber:hist-b==', m)]);
    await dataSource.transaction((m) => sink.write(m, [...rows, rows[0]]));
    for (const citizen of ['viber:hist-a==', 'viber:hist-b==']) {
      const kept = await repo.historyOf(citizen, at(60), 10);
      expect(kept.map((h) => h.text)).toEqual(['message 3', 'message 4', 'message 5']);
    }
  });

  it('finds the open session of each citizen of a batch in one query', async () => {
    await session({ department: 'batch', citizenId: 'viber:open-1==' });
    await session({ department: 'batch', citizenId: 'viber:open-2==', status: 'active' });
    await session({ department: 'batch', citizenId: 'viber:closed-3==', status: 'closed', endedAt: at(5) });
    const open = await repo.openSessionsOf([
      'viber:open-1==',
      'viber:open-2==',
      'viber:closed-3==',
      'viber:none==',
    ]);
    expect([...open.keys()].sort()).toEqual(['viber:open-1==', 'viber:open-2==']);
    expect(open.get('viber:open-2==')?.status).toBe('active');
  });
});

describe('oldestWaits and its gauge', () => {
  it('gives per department the wait of the citizen waiting longest in office hours, as /metrics shows it', async () => {
    await session({ department: 'sla-a', queuedAt: at(10) });
    await session({ department: 'sla-a', queuedAt: at(25) });
    await session({ department: 'sla-b', queuedAt: at(50) });
    // Not waiting in office hours, or not waiting at all: not counted.
    await session({ department: 'sla-a', queuedAt: at(1), outsideOfficeHours: true });
    await session({ department: 'sla-c', queuedAt: at(1), outsideOfficeHours: true });
    await session({ department: 'sla-a', status: 'active', queuedAt: at(0), operatorId: 'op-ivo' });
    const now = new Date(T0 + 60 * 60_000);

    const waits = (await repo.oldestWaits(now)).filter((w) => w.department.startsWith('sla-'));
    expect(waits.sort((x, y) => x.department.localeCompare(y.department))).toEqual([
      { department: 'sla-a', seconds: 50 * 60 },
      { department: 'sla-b', seconds: 10 * 60 },
    ]);

    const unregister = registerOldestWaitGauge(repo, () => now);
    try {
      const metric = metricsRegistry.getSingleMetric('citizen_desk_handoff_oldest_wait_seconds')!;
      const values = (await metric.get()).values.filter((v) =>
        String(v.labels.department).startsWith('sla-'),
      );
      expect(values).toEqual(
        expect.arrayContaining([
          { labels: { department: 'sla-a' }, value: 3000 },
          { labels: { department: 'sla-b' }, value: 600 },
        ]),
      );
      expect(values).toHaveLength(2);
    } finally {
      unregister();
    }
  });
});
