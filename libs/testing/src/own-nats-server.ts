import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * A nats-server of a test's own, with JetStream, on a free loopback port in a temporary directory,
 * started with the configuration given (e.g. an authorization block): never the machine's server.
 */
export class OwnNatsServer {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly child: ChildProcess,
    private readonly output: () => string,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** `config` is appended after listen/jetstream; `env` reaches the server (for `$VARIABLE` references). */
  static async start(config: string, env: Record<string, string> = {}): Promise<OwnNatsServer> {
    const dir = mkdtempSync(join(tmpdir(), 'own-nats-'));
    const port = await freePort();
    const file = join(dir, 'nats.conf');
    writeFileSync(
      file,
      [
        `listen: 127.0.0.1:${port}`,
        `jetstream { store_dir: ${JSON.stringify(join(dir, 'js'))} }`,
        config,
      ].join('\n'),
    );
    const child = spawn(NATS_SERVER, ['-c', file], { env: { ...process.env, ...env }, stdio: 'pipe' });
    let output = '';
    child.stdout?.on('data', (d) => (output += String(d)));
    child.stderr?.on('data', (d) => (output += String(d)));
    const server = new OwnNatsServer(port, dir, child, () => output);
    const deadline = Date.now() + 20_000;
    while (!(await portOpen(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await server.stop();
        throw new Error(`nats-server did not start: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return server;
  }

  /** What the server logged (permission violations among them). */
  get log(): string {
    return this.output();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      await new Promise((r) => {
        this.child.once('exit', r);
        this.child.kill('SIGTERM');
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
