import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { questionsTable } from '../../tools/bench/src/chaos/report';
import { DEFAULTS, runChaos } from '../../tools/bench/src/chaos/suite';

const root = resolve(__dirname, '../..');

/**
 * The short chaos run: the whole platform as processes on the suite's own PostgreSQL and NATS, a small
 * load of new citizens' questions re-sent like Viber until answered 200, the dialog SIGKILLed and
 * restarted, then nats-server SIGKILLed and restarted. Nothing acknowledged may be lost; duplicates are
 * reported (they can only come from what was in flight at the kill).
 */
describe('chaos, short: a service kill and a NATS restart under load', () => {
  const saved = { db: process.env.TEST_DATABASE_URL, nats: process.env.TEST_NATS_URL };
  beforeAll(() => {
    // The services run from dist, as in production; CI has built them (typecheck), a fresh tree may not have.
    if (!existsSync(resolve(root, 'services/gateway/dist/main.js')))
      execFileSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  }, 300_000);
  afterAll(() => {
    // runChaos pointed the test helpers at its own servers, which are gone now.
    for (const [key, value] of [
      ['TEST_DATABASE_URL', saved.db],
      ['TEST_NATS_URL', saved.nats],
    ] as const)
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  });

  it('loses nothing that was acknowledged', async () => {
    const lines: string[] = [];
    const result = await runChaos(
      {
        ...DEFAULTS,
        scenarios: ['kill-dialog', 'nats-restart'],
        rate: 4,
        seconds: 6,
        faultAfterSeconds: 2,
        downSeconds: 2,
        resendSeconds: 120,
        settleSeconds: 120,
        // Ports of its own, apart from `npm run chaos` and the machine's servers.
        portBase: 3440,
        pgPort: 55442,
        natsPort: 54242,
      },
      (line) => lines.push(line),
    );
    const table = questionsTable(result.questions);
    process.stdout.write(`${lines.join('\n')}\n${table}\n`);
    expect(result.questions.map((r) => r.scenario)).toEqual(['kill-dialog', 'nats-restart']);
    for (const r of result.questions) {
      expect(r.acknowledged).toBeGreaterThan(0);
      expect({ scenario: r.scenario, lost: r.lost }).toEqual({ scenario: r.scenario, lost: 0 });
    }
  }, 600_000);
});
