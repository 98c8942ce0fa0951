import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const repositoryRoot = resolve(__dirname, '../../..');

export interface ServiceProcessOptions {
  /** The port its /health/ready answers on. */
  port: number | string;
  env: Record<string, string | undefined>;
  /** Extra arguments for node itself (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Show the service's standard output (its logs); standard error is always shown. */
  showOutput?: boolean;
  timeoutMs?: number;
}

/**
 * Starts a built service (`services/<name>/dist/main.js`) as its own process, as in production, and
 * resolves once it answers ready — and it is this process answering, not a leftover on the same port.
 */
export function startServiceProcess(name: string, opts: ServiceProcessOptions): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), resolve(repositoryRoot, `services/${name}/dist/main.js`)],
    {
      env: { ...process.env, ...opts.env } as NodeJS.ProcessEnv,
      stdio: ['ignore', opts.showOutput ? 'inherit' : 'ignore', 'inherit'],
    },
  );
  return new Promise((ok, fail) => {
    const deadline = Date.now() + (opts.timeoutMs ?? 60000);
    const poll = async () => {
      try {
        if ((await fetch(`http://127.0.0.1:${opts.port}/health/ready`)).ok && child.exitCode === null) {
          await new Promise((r) => setTimeout(r, 300));
          if (child.exitCode === null) return ok(child);
        }
      } catch {
        /* starting */
      }
      if (Date.now() > deadline || child.exitCode !== null) {
        if (child.exitCode === null) child.kill('SIGKILL');
        return fail(new Error(`${name} did not start`));
      }
      setTimeout(poll, 200);
    };
    void poll();
  });
}

/** SIGTERM, as Kubernetes would, and wait until the process has drained and exited. */
export async function stopServiceProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));
}
