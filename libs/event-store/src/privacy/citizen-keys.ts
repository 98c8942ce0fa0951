import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { clientConfigOf } from '../connection-config';
import { assertSchemaName } from '../schema-name';
import { CoalescedLookups } from './coalesced-lookups';
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

/**
 * Gives the citizen's key row the citizen's Viber id (unique; null on rows made by a service for a
 * pseudonym that was already forgotten), so that one row holds the key and the only link between the
 * pseudonym the platform knows a citizen by and their Viber id, and forgetting deletes both at once.
 * `farewells` keeps a forgotten citizen's Viber id only until the gateway has sent the answer to
 * "forget me" (at most FAREWELL_HOURS). Rows from before pseudonyms (`citizen_id` = `viber:<id>`)
 * get that id as their link: those citizens keep their old id until they are forgotten.
 */
export function citizenPseudonymsMigration(schema: string): new () => MigrationInterface {
  const keys = assertSchemaName(schema);
  return class CitizenPseudonyms1797000000000 implements MigrationInterface {
    name = 'CitizenPseudonyms1797000000000';
    async up(q: QueryRunner): Promise<void> {
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`citizen-desk:citizen-keys:${keys}`]);
      await q.query(`ALTER TABLE "${keys}".citizen_keys ADD COLUMN IF NOT EXISTS viber_id text UNIQUE`);
      await q.query(
        `UPDATE "${keys}".citizen_keys SET viber_id = substr(citizen_id, 7)
          WHERE viber_id IS NULL AND citizen_id LIKE 'viber:_%'`,
      );
      await q.query(`CREATE TABLE IF NOT EXISTS "${keys}".farewells (
        citizen_id text PRIMARY KEY,
        viber_id text NOT NULL,
        until timestamptz NOT NULL
      )`);
    }
    async down(): Promise<void> {
      // Shared with the other services: left in place.
    }
  };
}

/** How long a forgotten citizen's Viber id is kept, at most, for the answer to "forget me". */
export const FAREWELL_HOURS = 1;

/**
 * A citizen's id on the platform: random, made by the gateway at first contact, in no way derived
 * from their Viber id (`citizen:` and 26 base32 characters, 130 bits).
 */
export function newPseudonym(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  // 256 is a multiple of 32: each byte's low five bits are uniform.
  return `citizen:${[...randomBytes(26)].map((b) => alphabet[b & 31]).join('')}`;
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
  /** Viber id → pseudonym (and the key id, to drop it when the key is shredded). */
  private readonly byViberId = new Map<string, { pseudonym: string; kid: string; at: number }>();
  /** Pseudonym → Viber id; null for a pseudonym without one (forgotten: never linked again). */
  private readonly viberIdOf = new Map<string, { viberId: string | null; kid: string | null; at: number }>();
  private readonly listeners: Array<(kids: string[]) => void> = [];
  private readonly cacheSize: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly schema: string;
  private readonly table: string;
  private readonly pool: Pool;
  private readonly keysMade = new CoalescedLookups((ids) => this.makeOrFind(ids));
  private readonly pseudonymsMade = new CoalescedLookups((ids) => this.makeOrFindPseudonyms(ids));
  /** Database round trips, for tests and metrics. */
  lookups = 0;

  constructor(dataSource: DataSource, schema: string, opts: CitizenKeysOptions = {}) {
    this.schema = assertSchemaName(schema);
    this.table = `"${this.schema}".citizen_keys`;
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
    for (const [id, key] of await this.keysMade.get(missing)) result.set(id, key);
    return result;
  }

  /**
   * The pseudonym of each citizen known to Viber by these ids, made (with its key, in the same row)
   * for those seen for the first time. Only the gateway asks: it alone knows Viber ids. Concurrent
   * callers share statements, and two processes meeting a citizen at once get the same pseudonym
   * (the Viber id is unique: the second insert finds the first's row).
   */
  async pseudonymsOf(viberIds: readonly string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(viberIds)) {
      const cached = this.fresh(this.byViberId.get(id));
      if (cached) result.set(id, cached.pseudonym);
      else missing.push(id);
    }
    if (missing.length === 0) return result;
    for (const [id, pseudonym] of await this.pseudonymsMade.get(missing)) result.set(id, pseudonym);
    return result;
  }

  private async makeOrFindPseudonyms(missing: string[]): Promise<Map<string, string>> {
    missing.sort(); // a fixed order: two writers never wait on each other in a cycle
    const made = missing.map(() => ({ kid: randomUUID(), pseudonym: newPseudonym(), key: randomBytes(32) }));
    this.lookups += 1;
    let rows = await this.query<KeyRow & { viber_id: string }>(
      // Known citizens (a storm of receipts after a notice) are only read; the new ones inserted.
      `WITH found AS (
         SELECT key_id, citizen_id, viber_id, key FROM ${this.table} WHERE viber_id = ANY($3::text[])
       ), made AS (
         INSERT INTO ${this.table} (key_id, citizen_id, viber_id, key)
         SELECT m.* FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[]) AS m(key_id, citizen_id, viber_id, key)
          WHERE m.viber_id NOT IN (SELECT viber_id FROM found)
         ON CONFLICT (viber_id) DO NOTHING
         RETURNING key_id, citizen_id, viber_id, key
       )
       SELECT key_id, citizen_id, viber_id, key FROM made
       UNION ALL
       SELECT key_id, citizen_id, viber_id, key FROM found`,
      [made.map((m) => m.kid), made.map((m) => m.pseudonym), missing, made.map((m) => m.key)],
    );
    // A row another process inserted while this statement ran is committed but not in its snapshot.
    const found = new Set(rows.map((r) => r.viber_id));
    const raced = missing.filter((id) => !found.has(id));
    if (raced.length > 0) {
      this.lookups += 1;
      rows = rows.concat(
        await this.query<KeyRow & { viber_id: string }>(
          `SELECT key_id, citizen_id, viber_id, key FROM ${this.table} WHERE viber_id = ANY($1::text[])`,
          [raced],
        ),
      );
    }
    const result = new Map<string, string>();
    for (const row of rows) {
      this.remember(row.citizen_id, { kid: row.key_id, key: row.key });
      this.rememberLink(row.viber_id, row.citizen_id, row.key_id);
      result.set(row.viber_id, row.citizen_id);
    }
    return result;
  }

  /**
   * The Viber id of each pseudonym that still has one, in one query for whatever the cache lacks; a
   * pseudonym left out was forgotten (or never had one). `farewells` are pseudonyms whose message is
   * the answer to "forget me": a forgotten one of them is still found, until its farewell is said.
   */
  async viberIdsOf(
    pseudonyms: readonly string[],
    farewells: readonly string[] = [],
  ): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(pseudonyms)) {
      const cached = this.viberIdOf.get(id);
      if (cached && (cached.viberId === null || this.fresh(cached))) {
        if (cached.viberId !== null) result.set(id, cached.viberId);
      } else missing.push(id);
    }
    const saying = [...new Set(farewells)].filter((id) => !result.has(id));
    if (missing.length === 0 && saying.length === 0) return result;
    this.lookups += 1;
    const rows = await this.query<{ citizen_id: string; viber_id: string | null; key_id: string | null }>(
      `SELECT citizen_id, viber_id, key_id FROM ${this.table} WHERE citizen_id = ANY($1::text[])
       UNION ALL
       SELECT citizen_id, viber_id, NULL FROM "${this.schema}".farewells
        WHERE citizen_id = ANY($2::text[]) AND until > now()`,
      [missing, saying],
    );
    for (const row of rows) {
      if (row.key_id === null) {
        // A farewell: used for this message, never cached.
        if (!result.has(row.citizen_id)) result.set(row.citizen_id, row.viber_id!);
        continue;
      }
      if (row.viber_id === null)
        this.put(this.viberIdOf, row.citizen_id, { viberId: null, kid: null, at: 0 });
      else {
        this.rememberLink(row.viber_id, row.citizen_id, row.key_id);
        result.set(row.citizen_id, row.viber_id);
      }
    }
    for (const id of missing)
      if (!this.viberIdOf.has(id)) this.put(this.viberIdOf, id, { viberId: null, kid: null, at: 0 });
    return result;
  }

  /** The farewells were said (or can no longer be): their Viber ids go, and any past their time. */
  async farewellsSaid(pseudonyms: readonly string[]): Promise<number> {
    this.lookups += 1;
    const rows = await this.query<{ citizen_id: string }>(
      `DELETE FROM "${this.schema}".farewells WHERE citizen_id = ANY($1::text[]) OR until <= now()
       RETURNING citizen_id`,
      [[...new Set(pseudonyms)]],
    );
    return rows.length;
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
   * wherever it is) and with them the link to their Viber id, and tells the listeners which key ids
   * went, so other processes drop them too. The Viber id is kept apart (`farewells`) only until the
   * gateway has sent the answer to "forget me", at most FAREWELL_HOURS.
   */
  async shred(citizenIds: readonly string[]): Promise<string[]> {
    if (citizenIds.length === 0) return [];
    this.lookups += 1;
    const rows = await this.query<{ key_id: string }>(
      `WITH gone AS (
         DELETE FROM ${this.table} WHERE citizen_id = ANY($1::text[]) RETURNING key_id, citizen_id, viber_id
       ), farewell AS (
         INSERT INTO "${this.schema}".farewells (citizen_id, viber_id, until)
         SELECT citizen_id, viber_id, now() + make_interval(hours => $2) FROM gone WHERE viber_id IS NOT NULL
         ON CONFLICT (citizen_id) DO UPDATE SET viber_id = EXCLUDED.viber_id, until = EXCLUDED.until
       )
       SELECT key_id FROM gone`,
      [[...new Set(citizenIds)], FAREWELL_HOURS],
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

  /** Another process shredded these keys: they, and the Viber ids linked with them, are gone. */
  evictKeys(kids: readonly string[]): void {
    const gone = new Set(kids);
    for (const kid of kids) this.byKid.set(kid, { key: null, at: this.now() });
    for (const [citizenId, cached] of this.byCitizen)
      if (gone.has(cached.key.kid)) this.byCitizen.delete(citizenId);
    for (const [viberId, cached] of this.byViberId) if (gone.has(cached.kid)) this.byViberId.delete(viberId);
    for (const [pseudonym, cached] of this.viberIdOf)
      if (cached.kid !== null && gone.has(cached.kid))
        this.viberIdOf.set(pseudonym, { viberId: null, kid: null, at: 0 });
  }

  /**
   * A citizen was forgotten: their key is not used for sealing again, nor their pseudonym for their
   * Viber id (a new one of each is made if they come back).
   */
  evictCitizens(citizenIds: readonly string[]): void {
    for (const id of citizenIds) {
      const cached = this.byCitizen.get(id);
      if (cached) {
        this.byCitizen.delete(id);
        this.byKid.delete(cached.key.kid);
      }
      const link = this.viberIdOf.get(id);
      if (link?.viberId) this.byViberId.delete(link.viberId);
      this.viberIdOf.set(id, { viberId: null, kid: null, at: 0 });
    }
    const forgotten = new Set(citizenIds);
    for (const [viberId, cached] of this.byViberId)
      if (forgotten.has(cached.pseudonym)) this.byViberId.delete(viberId);
  }

  private async query<R>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.pool.query(sql, params)).rows as R[];
  }

  private fresh<C extends { at: number }>(cached: C | undefined): C | undefined {
    return cached && this.now() - cached.at < this.ttlMs ? cached : undefined;
  }

  private remember(citizenId: string, key: CitizenKey): void {
    const at = this.now();
    this.put(this.byCitizen, citizenId, { key, at });
    this.put(this.byKid, key.kid, { key, at });
  }

  private rememberLink(viberId: string, pseudonym: string, kid: string): void {
    const at = this.now();
    this.put(this.byViberId, viberId, { pseudonym, kid, at });
    this.put(this.viberIdOf, pseudonym, { viberId, kid, at });
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
