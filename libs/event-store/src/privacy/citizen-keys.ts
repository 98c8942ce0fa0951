import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { clientConfigOf } from '../connection-config';
import { assertSchemaName } from '../schema-name';
import { CitizenKey } from './sealing';

/** The schema, shared by every service of an installation, that holds the citizens' data keys. */
export function citizenKeysSchemaOf(namespace: string): string {
  return assertSchemaName(`${namespace.toLowerCase().replace(/-/g, '_')}_privacy`);
}

/**
 * Creates the shared key table. Every service runs it (each records it in its own migrations table);
 * a transaction-scoped advisory lock lets only one create it at a time.
 */
export function citizenKeysMigration(schema: string): new () => MigrationInterface {
  const keys = assertSchemaName(schema);
  return class CitizenKeys1796000000000 implements MigrationInterface {
    name = 'CitizenKeys1796000000000';
    async up(q: QueryRunner): Promise<void> {
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`citizen-desk:citizen-keys:${keys}`]);
      await q.query(`CREATE SCHEMA IF NOT EXISTS "${keys}"`);
      await q.query(`CREATE TABLE IF NOT EXISTS "${keys}".citizen_keys (
        key_id uuid PRIMARY KEY,
        citizen_id text NOT NULL UNIQUE,
        key bytea NOT NULL CHECK (octet_length(key) = 32),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    }
    async down(): Promise<void> {
      // Shared with the other services: left in place.
    }
  };
}

export interface CitizenKeysOptions {
  /** Keys kept in memory (default 50,000). */
  cacheSize?: number;
  /** How long a cached key is trusted without asking the database again (default 5 minutes). */
  ttlMs?: number;
  /** Connections of the key store's own pool (default 2). */
  poolSize?: number;
  now?: () => number;
  /** Told when an idle connection of the pool breaks (the database restarted, say). */
  onConnectionError?: (e: Error) => void;
}

interface Cached {
  key: CitizenKey | null;
  at: number;
}

/**
 * The citizens' data keys in PostgreSQL (`<ns>_privacy.citizen_keys`), with a cache per process.
 * Each call asks the database once for whatever the cache lacks, so a batch costs one query. Every
 * statement runs on its own (autocommit) on a small pool of its own, never in the caller's
 * transaction: a key is visible to the other services before anything sealed with it is, a rolled
 * back batch cannot take back a key this process has cached, deleting one never waits for a batch,
 * and a batch holding a connection of the service's pool never waits for another to get its keys.
 *
 * A key id that is not found is remembered as deleted: ids are random and made once, and whatever
 * was sealed with one was sealed after it was stored, so a missing key is a shredded key.
 */
export class CitizenKeys {
  private readonly byCitizen = new Map<string, Cached & { key: CitizenKey }>();
  private readonly byKid = new Map<string, Cached>();
  private readonly listeners: Array<(kids: string[]) => void> = [];
  private readonly cacheSize: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly table: string;
  private readonly pool: Pool;
  private waiting: Array<{
    citizenIds: string[];
    resolve: (keys: Map<string, CitizenKey>) => void;
    reject: (e: unknown) => void;
  }> = [];
  private making = false;
  /** Database round trips, for tests and metrics. */
  lookups = 0;

  constructor(dataSource: DataSource, schema: string, opts: CitizenKeysOptions = {}) {
    this.table = `"${assertSchemaName(schema)}".citizen_keys`;
    this.pool = new Pool({
      ...clientConfigOf(dataSource, 'public', 'citizen-keys'),
      max: opts.poolSize ?? 2,
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
    });
    // An idle connection that breaks (PostgreSQL stopped or failed over) is an 'error' on the pool:
    // unheard, Node ends the process. The pool drops that connection and the next query reconnects.
    this.pool.on('error', (e) => opts.onConnectionError?.(e));
    this.cacheSize = opts.cacheSize ?? 50_000;
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** Each citizen's key, made for those who have none yet. */
  async forCitizens(citizenIds: readonly string[]): Promise<Map<string, CitizenKey>> {
    const result = new Map<string, CitizenKey>();
    const missing: string[] = [];
    for (const id of new Set(citizenIds)) {
      const cached = this.fresh(this.byCitizen.get(id));
      if (cached?.key) result.set(id, cached.key);
      else missing.push(id);
    }
    if (missing.length === 0) return result;
    for (const [id, key] of await this.madeTogether(missing)) result.set(id, key);
    return result;
  }

  /**
   * Concurrent callers (the webhook: one callback each, a burst of new citizens at once) share
   * statements: one is in flight at a time, and what is asked meanwhile goes out together in the
   * next, so the busier it gets the more keys each statement makes.
   */
  private madeTogether(citizenIds: string[]): Promise<Map<string, CitizenKey>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ citizenIds, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.making || this.waiting.length === 0) return;
    const waiters = this.waiting.splice(0);
    this.making = true;
    this.makeOrFind([...new Set(waiters.flatMap((w) => w.citizenIds))])
      .then(
        (keys) => waiters.forEach((w) => w.resolve(keys)),
        (e) => waiters.forEach((w) => w.reject(e)),
      )
      .finally(() => {
        this.making = false;
        this.pump();
      });
  }

  private async makeOrFind(missing: string[]): Promise<Map<string, CitizenKey>> {
    const result = new Map<string, CitizenKey>();
    missing.sort(); // a fixed order: two writers never wait on each other in a cycle
    const made = missing.map(() => ({ kid: randomUUID(), key: randomBytes(32) }));
    this.lookups += 1;
    // The union sees the rows that were there before the statement, the insert returns the new ones.
    let rows = await this.query<KeyRow>(
      `WITH made AS (
         INSERT INTO ${this.table} (key_id, citizen_id, key)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::bytea[])
         ON CONFLICT (citizen_id) DO NOTHING
         RETURNING key_id, citizen_id, key
       )
       SELECT key_id, citizen_id, key FROM made
       UNION ALL
       SELECT key_id, citizen_id, key FROM ${this.table} WHERE citizen_id = ANY($2::text[])`,
      [made.map((m) => m.kid), missing, made.map((m) => m.key)],
    );
    // A key another process inserted while this statement ran is committed but not in its snapshot.
    const found = new Set(rows.map((r) => r.citizen_id));
    const raced = missing.filter((id) => !found.has(id));
    if (raced.length > 0) {
      this.lookups += 1;
      rows = rows.concat(
        await this.query<KeyRow>(
          `SELECT key_id, citizen_id, key FROM ${this.table} WHERE citizen_id = ANY($1::text[])`,
          [raced],
        ),
      );
    }
    for (const row of rows) {
      const key = { kid: row.key_id, key: row.key };
      this.remember(row.citizen_id, key);
      result.set(row.citizen_id, key);
    }
    return result;
  }

  /** The keys of these ids that still exist; a missing one was shredded. */
  async byIds(kids: readonly string[]): Promise<Map<string, CitizenKey>> {
    const result = new Map<string, CitizenKey>();
    const missing: string[] = [];
    for (const kid of new Set(kids)) {
      const cached = this.byKid.get(kid);
      if (cached && (cached.key === null || this.fresh(cached))) {
        if (cached.key) result.set(kid, cached.key);
      } else missing.push(kid);
    }
    if (missing.length === 0) return result;
    this.lookups += 1;
    const rows = await this.query<KeyRow>(
      `SELECT key_id, citizen_id, key FROM ${this.table} WHERE key_id = ANY($1::uuid[])`,
      [missing],
    );
    for (const row of rows) {
      const key = { kid: row.key_id, key: row.key };
      this.remember(row.citizen_id, key);
      result.set(row.key_id, key);
    }
    for (const kid of missing) if (!result.has(kid)) this.put(this.byKid, kid, { key: null, at: this.now() });
    return result;
  }

  /**
   * Deletes the citizens' keys (crypto-shredding: what was sealed with them can no longer be read,
   * wherever it is) and tells the listeners which key ids went, so other processes drop them too.
   */
  async shred(citizenIds: readonly string[]): Promise<string[]> {
    if (citizenIds.length === 0) return [];
    this.lookups += 1;
    const rows = await this.query<{ key_id: string }>(
      `DELETE FROM ${this.table} WHERE citizen_id = ANY($1::text[]) RETURNING key_id`,
      [[...new Set(citizenIds)]],
    );
    const kids = rows.map((r) => r.key_id);
    this.evictCitizens(citizenIds);
    this.evictKeys(kids);
    if (kids.length > 0) for (const listener of this.listeners) listener(kids);
    return kids;
  }

  /** Closes the key store's connections. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  onShredded(listener: (kids: string[]) => void): void {
    this.listeners.push(listener);
  }

  /** Another process shredded these keys. */
  evictKeys(kids: readonly string[]): void {
    for (const kid of kids) this.byKid.set(kid, { key: null, at: this.now() });
    for (const [citizenId, cached] of this.byCitizen)
      if (kids.includes(cached.key.kid)) this.byCitizen.delete(citizenId);
  }

  /** A citizen was forgotten: their key is not used for sealing again (a new one is made if they come back). */
  evictCitizens(citizenIds: readonly string[]): void {
    for (const id of citizenIds) {
      const cached = this.byCitizen.get(id);
      if (!cached) continue;
      this.byCitizen.delete(id);
      this.byKid.delete(cached.key.kid);
    }
  }

  private async query<R>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.pool.query(sql, params)).rows as R[];
  }

  private fresh<C extends Cached>(cached: C | undefined): C | undefined {
    return cached && this.now() - cached.at < this.ttlMs ? cached : undefined;
  }

  private remember(citizenId: string, key: CitizenKey): void {
    const at = this.now();
    this.put(this.byCitizen, citizenId, { key, at });
    this.put(this.byKid, key.kid, { key, at });
  }

  private put<V>(map: Map<string, V>, id: string, value: V): void {
    map.delete(id);
    map.set(id, value);
    // Oldest first: Map keeps insertion order, and a re-put moves an entry to the end.
    while (map.size > this.cacheSize) map.delete(map.keys().next().value as string);
  }
}

interface KeyRow {
  key_id: string;
  citizen_id: string;
  key: Buffer;
}
