import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, headers as natsHeaders, JetStreamManager, NatsConnection, StreamConfig } from 'nats';
import { analyticsEnvSchema, loadConfig } from '@citizen-desk/config';
import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import {
  CitizenDataCipher,
  CitizenKeys,
  citizenKeysSchemaOf,
  createServiceDataSource,
} from '@citizen-desk/event-store';
import { streamNameOf } from '@citizen-desk/messaging';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { startAnalytics } from '../../services/analytics/src/analytics.app';
import { MunicipalCalendar } from '../../services/analytics/src/calendar/municipal-calendar';
import { analyticsMigrations, PROJECTION_TABLES } from '../../services/analytics/src/migrations';
import { Projector } from '../../services/analytics/src/projections/projector';

/**
 * `npm run drill:backup`: the backup and restore drill of docs/operations.md, on one machine.
 *
 * 1. Starts its own PostgreSQL cluster and NATS server (JetStream) on free ports in a temp dir.
 * 2. Runs the analytics service against them (its migrations, its live consumer) and publishes
 *    citizens' messages, bot replies and reports to JetStream, as the other services would.
 * 3. Backs up PostgreSQL (pg_dump -Fc) and the JetStream stream (every message with its subject and
 *    headers, to a JSON-lines file, plus the stream's configuration).
 * 4. Restores both into empty ones: a new database, and a second, empty NATS server.
 * 5. Rebuilds analytics' projections from the restored event copy (the `analytics:rebuild` logic),
 *    and compares them, the event tables and the stream's messages with the originals.
 * 6. Prints a table, stops what it started, deletes the temp dir. Exits 1 when anything differs.
 *
 * Options: --events <n> (default 2000), --keep (leave the temp dir for inspection).
 */
const NAMESPACE = 'drill';
const DATABASE = 'citizen_desk';
const RESTORED = 'citizen_desk_restored';

const started: ChildProcess[] = [];
let log: (line: string) => void = (line) =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** One compared figure: what it is, the original's and the restored one's (count and digest). */
export type DrillRow = [what: string, original: string, restored: string];

function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return join('/usr/lib/postgresql', versions[0], 'bin', name);
}

/** PostgreSQL's server refuses to run as root: run its programs as the postgres user then. */
function asPostgres(cmd: string, cmdArgs: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...cmdArgs]] : [cmd, cmdArgs];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startPostgres(dir: string): Promise<{ port: number; stop: () => void }> {
  const data = join(dir, 'pgdata');
  mkdirSync(data);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
    chownSync(data, uid, gid);
  }
  const port = await freePort();
  execFileSync(...asPostgres(pgBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']), {
    stdio: 'ignore',
  });
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  execFileSync(
    ...asPostgres(pgBin('pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'pg.log'), '-w', 'start']),
    {
      stdio: 'ignore',
    },
  );
  const stop = () => {
    try {
      execFileSync(...asPostgres(pgBin('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']), {
        stdio: 'ignore',
      });
    } catch {
      /* already stopped */
    }
  };
  return { port, stop };
}

async function startNats(dir: string, name: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const store = join(dir, name);
  mkdirSync(store);
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], {
    stdio: 'ignore',
  });
  started.push(child);
  const url = `nats://127.0.0.1:${port}`;
  await until(`NATS on ${port}`, async () => {
    const nc = await connect({ servers: url, reconnect: false });
    await nc.close();
    return true;
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, stop };
}

/** A day of a small town: citizens write, the bot answers (some topics, some not understood), reports. */
function syntheticHistory(n: number): Envelope[] {
  const topics = ['financial-aid', 'property-tax', 'directory', 'public-health', null];
  const out: Envelope[] = [];
  const day = Date.parse('2026-03-30T06:00:00Z');
  for (let i = 0; out.length < n; i++) {
    const at = new Date(day + i * 37_000).toISOString();
    const citizenId = `viber:drill-${i % 250}`;
    out.push(
      makeEnvelope({
        type: 'CitizenMessageReceived',
        version: 1,
        streamId: `citizen-${citizenId}`,
        occurredAt: at,
        data: {
          citizen: { id: citizenId, name: `Građanin ${i % 250}` },
          channelMessageId: `drill-token-${i}`,
          message: { kind: 'text', text: `pitanje ${i}` },
          sentAt: at,
        },
      }),
    );
    const topic = topics[i % topics.length];
    out.push(
      makeEnvelope({
        type: 'BotReplied',
        version: 1,
        streamId: `citizen-${citizenId}`,
        occurredAt: new Date(Date.parse(at) + 800).toISOString(),
        data: {
          citizenId,
          inReplyTo: 'x',
          topic,
          outcome: topic ? 'answered' : 'not-understood',
          language: i % 3 ? 'cnr-Latn' : 'en',
          text: topic ? undefined : `pitanje ${i}`,
          messageIds: [],
        },
      }),
    );
    if (i % 20 === 0) {
      const reportId = `drill-r${i}`;
      out.push(
        makeEnvelope({
          type: 'ReportFiled',
          version: 1,
          streamId: `report-${reportId}`,
          occurredAt: at,
          data: {
            reportId,
            reference: `BD-DRIL-${String(i).padStart(4, '0')}`,
            category: i % 40 ? 'street-lighting' : 'illegal-dump',
            department: 'communal-services',
            channel: 'viber',
            citizenId,
            language: 'cnr-Latn',
            description: `Prijava ${i}`,
            address: 'Mediteranska 1',
            location: { lat: 42.28, lon: 18.84 },
            submissionId: `sub-${reportId}`,
            filedAt: at,
          },
        }),
      );
    }
  }
  return out.slice(0, n);
}

type Snapshot = Record<string, string>;

/** Each table's rows, sorted, reduced to a count and a digest: what "equal to the original" compares. */
async function snapshot(
  query: (sql: string) => Promise<unknown[]>,
  tables: readonly string[],
): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const t of tables) {
    const rows = (await query(`SELECT t::text AS row FROM ${t} t ORDER BY t::text`)) as Array<{
      row: string;
    }>;
    const digest = createHash('sha256');
    for (const r of rows) digest.update(r.row).update('\n');
    out[t] = `${rows.length} rows ${digest.digest('hex').slice(0, 12)}`;
  }
  return out;
}

interface SavedMessage {
  seq: number;
  subject: string;
  headers: Array<[string, string[]]>;
  data: string;
}

async function backupStream(jsm: JetStreamManager, stream: string, file: string): Promise<StreamConfig> {
  const info = await jsm.streams.info(stream);
  const lines: string[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (!m) continue; // deleted or expired
    const hdrs: Array<[string, string[]]> = m.header
      ? m.header.keys().map((k) => [k, m.header.values(k)])
      : [];
    const saved: SavedMessage = {
      seq,
      subject: m.subject,
      headers: hdrs,
      data: Buffer.from(m.data).toString('base64'),
    };
    lines.push(JSON.stringify(saved));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  writeFileSync(`${file}.config.json`, JSON.stringify(info.config, null, 2));
  return info.config;
}

async function restoreStream(nc: NatsConnection, file: string): Promise<number> {
  const config = JSON.parse(readFileSync(`${file}.config.json`, 'utf8')) as StreamConfig;
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add(config);
  const js = nc.jetstream();
  let n = 0;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const m = JSON.parse(line) as SavedMessage;
    const h = natsHeaders();
    for (const [k, values] of m.headers) for (const v of values) h.append(k, v);
    await js.publish(m.subject, Buffer.from(m.data, 'base64'), { headers: h });
    n++;
  }
  return n;
}

/** Subjects and payloads of every message in order, as one digest. */
async function streamDigest(nc: NatsConnection, stream: string): Promise<string> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream);
  const digest = createHash('sha256');
  let n = 0;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (!m) continue;
    digest
      .update(m.subject)
      .update('\0')
      .update(m.data)
      .update('\0')
      .update(m.header?.get('Nats-Msg-Id') ?? '');
    n++;
  }
  return `${n} messages ${digest.digest('hex').slice(0, 12)}`;
}

export async function runBackupDrill(opts: {
  events: number;
  keep?: boolean;
  log?: (line: string) => void;
}): Promise<DrillRow[]> {
  if (opts.log) log = opts.log;
  const EVENTS = opts.events;
  const KEEP = opts.keep ?? false;
  const dir = mkdtempSync(join(tmpdir(), 'citizen-desk-drill-'));
  const backups = join(dir, 'backup');
  mkdirSync(backups);
  const cleanups: Array<() => unknown> = [];
  const rows: DrillRow[] = [];
  try {
    log(`working in ${dir}`);
    const pg = await startPostgres(dir);
    cleanups.push(pg.stop);
    const nats = await startNats(dir, 'nats-original');
    cleanups.push(nats.stop);
    log(`PostgreSQL on ${pg.port}, NATS on ${nats.url}`);

    const dbUrl = (db: string) => `postgres://postgres@127.0.0.1:${pg.port}/${db}`;
    const env = {
      DATABASE_URL: dbUrl(DATABASE),
      NATS_URL: nats.url,
      NATS_NAMESPACE: NAMESPACE,
      ANALYTICS_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    const config = loadConfig(analyticsEnvSchema, env);

    // 1. The platform writes: analytics runs its migrations and projects live from JetStream.
    const history = syntheticHistory(EVENTS);
    const analytics = await startAnalytics(config);
    cleanups.push(() => analytics.stop());
    log(`analytics started; publishing ${history.length} events`);
    for (const e of history) await analytics.runtime.messaging.publish(e);
    await until(
      'analytics to project every event',
      async () => {
        const [{ n }] = await analytics.runtime.dataSource.query(
          'SELECT count(*)::int AS n FROM analytics_events',
        );
        return n === history.length;
      },
      300_000,
    );
    const schema = ServiceRuntime.schemaFor('analytics', NAMESPACE);
    const tables = ['analytics_events', ...PROJECTION_TABLES];
    const original = await snapshot((sql) => analytics.runtime.dataSource.query(sql), tables);
    await analytics.stop();
    cleanups.pop();
    log('live projections done; analytics stopped');

    // 2. Backups.
    const dump = join(backups, `${DATABASE}.dump`);
    execFileSync(pgBin('pg_dump'), ['-Fc', '-d', dbUrl(DATABASE), '-f', dump]);
    const nc = await connect({ servers: nats.url });
    const stream = streamNameOf(NAMESPACE);
    const streamFile = join(backups, `${stream}.jsonl`);
    await backupStream(await nc.jetstreamManager(), stream, streamFile);
    const originalStream = await streamDigest(nc, stream);
    await nc.close();
    log(`backed up PostgreSQL (${dump}) and JetStream stream ${stream} (${streamFile})`);

    // 3. Restore into an empty database and an empty NATS server.
    execFileSync(pgBin('createdb'), ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', RESTORED]);
    execFileSync(pgBin('pg_restore'), ['--no-owner', '-d', dbUrl(RESTORED), dump]);
    const emptyNats = await startNats(dir, 'nats-restored');
    cleanups.push(emptyNats.stop);
    const restoredNc = await connect({ servers: emptyNats.url });
    const republished = await restoreStream(restoredNc, streamFile);
    const restoredStream = await streamDigest(restoredNc, stream);
    await restoredNc.close();
    log(`restored the database into ${RESTORED} and ${republished} messages into an empty NATS`);

    // 4. Rebuild the projections from the restored copy, as `npm run analytics:rebuild` does.
    const restoredDs = await createServiceDataSource({
      url: dbUrl(RESTORED),
      schema,
      poolSize: 2,
      migrations: analyticsMigrations,
      createDatabase: false,
      applicationName: 'backup-drill',
    });
    cleanups.push(() => restoredDs.destroy());
    const asRestored = await snapshot((sql) => restoredDs.query(sql), tables);
    // The restored database holds the citizens' keys too: the rebuild opens the sealed copies with them.
    const restoredKeys = new CitizenKeys(restoredDs, citizenKeysSchemaOf(NAMESPACE));
    cleanups.push(() => restoredKeys.close());
    const cipher = new CitizenDataCipher(restoredKeys);
    const projector = new Projector(restoredDs, new MunicipalCalendar(config.ANALYTICS_TIME_ZONE), cipher);
    const rebuilt = await projector.rebuild({ chunkSize: config.ANALYTICS_REBUILD_CHUNK });
    const afterRebuild = await snapshot((sql) => restoredDs.query(sql), tables);
    log(`rebuilt every projection from ${rebuilt.events} events in ${rebuilt.seconds.toFixed(1)} s`);

    rows.push(['JetStream stream ' + stream, originalStream, restoredStream]);
    for (const t of tables) {
      rows.push([`${t} (restored)`, original[t], asRestored[t]]);
      rows.push([`${t} (rebuilt)`, original[t], afterRebuild[t]]);
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
    if (KEEP) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function main() {
  const args = process.argv.slice(2);
  const events = Number(args[args.indexOf('--events') + 1] ?? 0) || 2000;
  const rows = await runBackupDrill({ events, keep: args.includes('--keep') });

  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), 8));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(width[i] ?? 2)).join(' | ')} |`;
  const failed = rows.filter((r) => r[1] !== r[2]);
  process.stdout.write(`\n${line(['what', 'original', 'restored', 'ok'])}\n`);
  process.stdout.write(`${line(width.map((w) => '-'.repeat(w)).concat('--'))}\n`);
  for (const r of rows) process.stdout.write(`${line([...r, r[1] === r[2] ? 'ok' : 'DIFFERS'])}\n`);
  process.stdout.write(
    failed.length
      ? `\n${failed.length} checks differ\n`
      : `\nall ${rows.length} checks equal the originals\n`,
  );
  process.exit(failed.length ? 1 : 0);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(1);
  });
}
