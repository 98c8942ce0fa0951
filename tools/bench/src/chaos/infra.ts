import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The chaos suite's own PostgreSQL cluster and nats-server, on ports of their own in a temporary
 * directory: it stops, kills and restarts these, never the machine's own servers.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, open: boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await portOpen(port)) !== open) {
    if (Date.now() > deadline) throw new Error(`${what}: port ${port} not ${open ? 'open' : 'closed'}`);
    await sleep(100);
  }
}

/** Like waitForPort(open), but gives up at once when the process that should open it has gone. */
async function waitForPortWhile(
  port: number,
  what: string,
  alive: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (!alive()) throw new Error(`${what} exited before it opened port ${port}`);
    if (Date.now() > deadline) throw new Error(`${what}: port ${port} not open within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, versions[0], 'bin');
}

export class OwnPostgres {
  readonly dir: string;
  private readonly bin = postgresBin();
  private readonly asRoot = process.getuid?.() === 0;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'chaos-pg-'));
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/citizen_desk_chaos`;
  }

  /** initdb refuses root: then the cluster belongs to the postgres user. */
  private run(tool: string, args: string[]): void {
    const cmd = join(this.bin, tool);
    if (this.asRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'ignore' });
    else execFileSync(cmd, args, { stdio: 'ignore' });
  }

  async init(): Promise<void> {
    if (await portOpen(this.port)) throw new Error(`port ${this.port} is taken; choose --pg-port`);
    if (this.asRoot) {
      chmodSync(this.dir, 0o700);
      const pw = execFileSync('id', ['-u', 'postgres']).toString().trim();
      const gr = execFileSync('id', ['-g', 'postgres']).toString().trim();
      chownSync(this.dir, Number(pw), Number(gr));
    }
    this.run('initdb', ['-D', join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    await this.start();
  }

  async start(): Promise<void> {
    this.run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off`,
      'start',
    ]);
    await waitForPort(this.port, true, 'postgres');
  }

  /** An immediate stop: like a crash of the database server, no checkpoint. */
  async stopImmediately(): Promise<void> {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    await waitForPort(this.port, false, 'postgres');
  }

  async destroy(): Promise<void> {
    try {
      this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      /* not running */
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class OwnNats {
  readonly dir: string;
  private child?: ChildProcess;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'chaos-nats-'));
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /**
   * Starts the broker and waits for its port. On a loaded machine (CI runs every suite at once) a
   * JetStream restart that recovers its streams can take long, and a start can fail outright: the
   * server's own log says why, so it is kept and quoted, and a server that exited is started once more.
   */
  async start(): Promise<void> {
    if (await portOpen(this.port)) throw new Error(`port ${this.port} is taken; choose --nats-port`);
    for (let attempt = 1; ; attempt++) {
      const child = this.spawnServer();
      try {
        await waitForPortWhile(this.port, 'nats-server', () => child.exitCode === null, 90_000);
        return;
      } catch (err) {
        const exited = child.exitCode !== null;
        if (!exited) child.kill('SIGKILL');
        if (!exited || attempt >= 2)
          throw new Error(`${(err as Error).message}; its log ends:\n${this.logTail()}`);
        await sleep(1_000);
      }
    }
  }

  private get logFile(): string {
    return join(this.dir, 'nats-server.log');
  }

  private spawnServer(): ChildProcess {
    this.child = spawn(
      '/usr/sbin/nats-server',
      ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', join(this.dir, 'store'), '-l', this.logFile],
      { stdio: 'ignore' },
    );
    return this.child;
  }

  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** SIGKILL: the broker dies with whatever it had not written. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise((r) => (child.once('exit', r), child.kill('SIGKILL')));
    await waitForPort(this.port, false, 'nats-server');
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
