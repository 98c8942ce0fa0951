import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { commonEnvSchema, loadConfig } from '@citizen-desk/config';
import { checkNats, checkPostgres } from './dependency-check';

/**
 * `npm start`: runs the whole platform on one machine, one process per service as in production,
 * plus the Viber simulator when no real Viber token is configured.
 */
const root = resolve(__dirname, '../../..');
const services = [
  { name: 'gateway', portVar: 'GATEWAY_PORT', port: 3000, what: 'Viber webhook: POST /viber/webhook' },
  { name: 'dialog', portVar: 'DIALOG_PORT', port: 3001, what: 'conversations and content' },
  { name: 'handoff', portVar: 'HANDOFF_PORT', port: 3002, what: 'operators' },
  { name: 'broadcast', portVar: 'BROADCAST_PORT', port: 3003, what: 'notices' },
  { name: 'analytics', portVar: 'ANALYTICS_PORT', port: 3004, what: 'figures for officials' },
];

const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [resolve(root, script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}]`.padEnd(12);
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} exited (${signal ?? code}); stopping the platform.\n`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function waitReady(url: string, timeoutMs = 60000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exits = children
    .filter((c) => c.exitCode === null)
    .map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM'))));
  await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 15000))]);
  process.exit(code);
}

async function main() {
  const config = loadConfig(commonEnvSchema);
  const problems = (
    await Promise.all([checkPostgres(config.DATABASE_URL), checkNats(config.NATS_URL)])
  ).filter(Boolean);
  if (problems.length) {
    process.stderr.write(`\nCitizen Desk cannot start:\n${problems.join('\n')}\n\n`);
    process.exit(1);
  }
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  const env: NodeJS.ProcessEnv = { ...process.env };
  const simulate = !process.env.VIBER_AUTH_TOKEN;
  if (simulate) {
    const apiPort = process.env.SIMULATOR_API_PORT ?? '3011';
    env.VIBER_API_URL ??= `http://127.0.0.1:${apiPort}/pa`;
    run('simulator', 'tools/viber-simulator/dist/main.js', env);
  }
  // The staff web app and its same-origin proxy to the APIs (as the ingress routes them in Kubernetes);
  // the services' old pages redirect to it, on whichever port it runs.
  const staffWebPort = process.env.STAFF_WEB_PORT ?? '3005';
  env.STAFF_WEB_PUBLIC_URL ??= `http://127.0.0.1:${staffWebPort}`;
  for (const s of services) run(s.name, `services/${s.name}/dist/main.js`, env);
  run('staff-web', 'apps/staff-web/dist-server/main.js', env);

  const ready = await Promise.all(
    services.map((s) =>
      waitReady(`http://127.0.0.1:${process.env[s.portVar] ?? s.port}`).then((ok) => ({ ...s, ok })),
    ),
  );
  const lines = ready.map(
    (s) =>
      `  ${s.ok ? '✓' : '✗'} ${s.name.padEnd(10)} http://127.0.0.1:${process.env[s.portVar] ?? s.port}  (${s.what}; API docs at /docs)`,
  );
  const staffWeb = await waitReady(`http://127.0.0.1:${staffWebPort}`, 10000);
  lines.push(
    `\n  ${staffWeb ? '✓' : '✗'} Staff app: open http://127.0.0.1:${staffWebPort}/ and sign in (operators, campaigns, content, reports, staff, dashboard).`,
  );
  if (simulate) {
    lines.push(
      `\n  Viber simulator: open http://127.0.0.1:${process.env.SIMULATOR_PORT ?? 3010}/ and chat with the bot as a citizen.`,
    );
  }
  process.stdout.write(
    `\nCitizen Desk is ${ready.every((s) => s.ok) && staffWeb ? 'running' : 'partly running'}:\n${lines.join('\n')}\n  Stop with Ctrl+C.\n\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  void shutdown(1);
});
