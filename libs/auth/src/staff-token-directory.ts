import { JWK, KeyLike } from 'jose';
import type { KV, KvEntry, KvOptions, QueuedIterator } from 'nats';
import { importStaffPublicJwk } from './staff-keys';
import { StaffClaims } from './staff-role';
import {
  InvalidStaffToken,
  issueStaffToken,
  StaffSigningKey,
  staffTokenExpiry,
  verifyStaffToken,
  VerifiedStaffToken,
} from './staff-token';

/**
 * How staff tokens are trusted across services, through two NATS KV buckets that every service can
 * already reach (no HTTP call to handoff at start, nothing to configure per service):
 *
 * - `staff-keys`: the handoff service publishes the public half of its signing key (`jwk.<kid>`);
 *   every service watches the bucket and verifies with what it holds. Private keys never leave handoff.
 * - `staff-revocations`: logout writes `sid.<session>`, and a password, deactivation or role change
 *   writes `staff.<account>` with a not-before time; every service watches it and refuses those tokens
 *   within milliseconds. Entries expire with the bucket's max age, the longest a token can live.
 */
export const STAFF_KEYS_BUCKET = 'staff-keys';
export const STAFF_REVOCATIONS_BUCKET = 'staff-revocations';
/** The longest STAFF_TOKEN_TTL_SECONDS allowed: a revocation must outlive every token it refuses. */
export const MAX_STAFF_TOKEN_TTL_SECONDS = 7 * 24 * 3600;
const REVOCATION_MAX_AGE_MS = (MAX_STAFF_TOKEN_TTL_SECONDS + 3600) * 1000;
/** A published key is refreshed this often, and dropped when nobody refreshed it for a token lifetime. */
const KEY_REFRESH_MS = 3600 * 1000;

/** What the directory needs of the messaging connection (Messaging#kv). */
export interface KvSource {
  kv(bucket: string, opts?: Partial<KvOptions>): Promise<KV>;
}

interface AuthLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

const keyPart = (value: string) => Buffer.from(value, 'utf8').toString('base64url');

export type RevocationReason = 'logout' | 'password-changed' | 'deactivated' | 'roles-changed';

/** What the handoff service's use cases revoke sessions with (StaffTokenIssuer). */
export interface StaffSessionRevoker {
  /** `staffId`: whose session, for the record. */
  revokeSession(sid: string, at?: Date, staffId?: string): Promise<void>;
  /** `by`: who made the change, for the record. */
  revokeStaff(
    staffId: string,
    reason: Exclude<RevocationReason, 'logout'>,
    at?: Date,
    by?: string,
  ): Promise<void>;
}

/**
 * Verifies staff tokens in any service: signature with a published key, then revocation. Holds the
 * key set and the revocations in memory, kept current by KV watches.
 */
export class StaffTokenVerifier {
  private readonly keys = new Map<string, { key: KeyLike; jwk: JWK; refreshedAt: number }>();
  private readonly revokedSessions = new Map<string, number>();
  private readonly notBefore = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly watchers: QueuedIterator<KvEntry>[] = [];
  private lookups: number[] = [];

  private constructor(
    private readonly keysKv: KV,
    private readonly revocationsKv: KV,
    private readonly logger?: AuthLogger,
  ) {}

  static async open(source: KvSource, logger?: AuthLogger): Promise<StaffTokenVerifier> {
    const [keysKv, revocationsKv] = await Promise.all([
      source.kv(STAFF_KEYS_BUCKET, { history: 1 }),
      source.kv(STAFF_REVOCATIONS_BUCKET, { history: 1, ttl: REVOCATION_MAX_AGE_MS }),
    ]);
    const verifier = new StaffTokenVerifier(keysKv, revocationsKv, logger);
    await Promise.all([
      verifier.follow(keysKv, (e) => verifier.onKey(e)),
      verifier.follow(revocationsKv, (e) => verifier.onRevocationEntry(e)),
    ]);
    return verifier;
  }

  /**
   * Resolves once the bucket's current entries are applied; later changes keep arriving. The watch's
   * "initialised" signal comes when the entries are queued, not applied: readiness waits for the entry
   * that had nothing pending behind it (delta 0), or for the signal alone when the bucket is empty.
   */
  private async follow(kv: KV, apply: (entry: KvEntry) => Promise<void> | void): Promise<void> {
    let initialised!: () => void;
    const ready = new Promise<void>((resolve) => (initialised = resolve));
    const empty = (await kv.status()).values === 0;
    const watcher = await kv.watch({ key: '>', initializedFn: () => empty && initialised() });
    this.watchers.push(watcher);
    void (async () => {
      for await (const entry of watcher) {
        try {
          await apply(entry);
        } catch (e) {
          this.logger?.warn({ err: e, key: entry.key }, 'ignoring an unreadable staff auth entry');
        }
        if (entry.delta === 0) initialised();
      }
    })();
    await ready;
  }

  private async onKey(entry: KvEntry): Promise<void> {
    const kid = entry.key.startsWith('jwk.') ? entry.key.slice(4) : undefined;
    if (!kid) return;
    if (entry.operation !== 'PUT') {
      this.keys.delete(kid);
      return;
    }
    const value = entry.json<{ jwk: JWK; refreshedAt: number }>();
    const key = await importStaffPublicJwk(value.jwk);
    if (key) this.keys.set(kid, { key, jwk: value.jwk, refreshedAt: value.refreshedAt });
  }

  private onRevocationEntry(entry: KvEntry): void {
    if (entry.operation !== 'PUT') return;
    const value = entry.json<{ at: number }>();
    if (typeof value.at !== 'number') return;
    const [kind, id] = entry.key.split('.', 2);
    if (kind === 'sid') this.revokedSessions.set(id, value.at);
    else if (kind === 'staff') this.notBefore.set(id, Math.max(value.at, this.notBefore.get(id) ?? 0));
    else return;
    this.prune();
    for (const listener of this.listeners) listener();
  }

  private prune(): void {
    const oldest = Date.now() - REVOCATION_MAX_AGE_MS;
    for (const map of [this.revokedSessions, this.notBefore])
      for (const [k, at] of map) if (at < oldest) map.delete(k);
  }

  /** A key the watch has not delivered yet (a handoff replica that just started): asked for directly, a few times a second at most. */
  private async resolveKey(kid: string): Promise<KeyLike | undefined> {
    const known = this.keys.get(kid);
    if (known) return known.key;
    const now = Date.now();
    this.lookups = this.lookups.filter((t) => t > now - 1000);
    if (this.lookups.length >= 5) return undefined;
    this.lookups.push(now);
    const entry = await this.keysKv.get(`jwk.${kid}`).catch(() => null);
    if (!entry || entry.operation !== 'PUT') return undefined;
    await this.onKey(entry);
    return this.keys.get(kid)?.key;
  }

  /** Signature, lifetime and claims, then revocation; InvalidStaffToken on any failure. */
  async verify(token: string): Promise<VerifiedStaffToken> {
    const verified = await verifyStaffToken(token, (kid) => this.resolveKey(kid));
    if (this.isRevoked(verified)) throw new InvalidStaffToken('revoked');
    return verified;
  }

  /** Whether a session verified earlier has been revoked since: for long-lived streams. */
  isRevoked(
    token: Pick<VerifiedStaffToken, 'sid' | 'issuedAtMs' | 'expiresAtMs'> & {
      claims: Pick<StaffClaims, 'sub'>;
    },
  ): boolean {
    if (token.expiresAtMs <= Date.now()) return true;
    if (this.revokedSessions.has(keyPart(token.sid))) return true;
    const nbf = this.notBefore.get(keyPart(token.claims.sub));
    // Issued in the very millisecond of the revocation counts as before it: refusing is the safe side.
    return nbf !== undefined && token.issuedAtMs <= nbf;
  }

  /** Called on every revocation; returns the unsubscribe function. */
  onRevocation(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The published public keys, as a JWK Set. */
  jwks(): { keys: JWK[] } {
    return { keys: [...this.keys.values()].map((k) => k.jwk) };
  }

  /** For the handoff service: record revocations (see StaffTokenIssuer). */
  get revocations(): KV {
    return this.revocationsKv;
  }

  get keyBucket(): KV {
    return this.keysKv;
  }

  stop(): void {
    for (const w of this.watchers) w.stop();
    this.listeners.clear();
  }
}

/**
 * The handoff side: signs tokens with the private key, publishes its public half, and records
 * revocations. Uses a verifier for the buckets (and so verifies its own tokens the same way).
 */
export class StaffTokenIssuer implements StaffSessionRevoker {
  private refresher?: NodeJS.Timeout;

  private constructor(
    private readonly verifier: StaffTokenVerifier,
    private readonly key: StaffSigningKey,
    private readonly ttlSeconds: number,
    private readonly logger?: AuthLogger,
  ) {}

  static async open(
    verifier: StaffTokenVerifier,
    key: StaffSigningKey,
    ttlSeconds: number,
    logger?: AuthLogger,
  ): Promise<StaffTokenIssuer> {
    const issuer = new StaffTokenIssuer(verifier, key, ttlSeconds, logger);
    await issuer.publishKey();
    await issuer.pruneKeys();
    issuer.refresher = setInterval(() => {
      issuer.publishKey().catch((e) => logger?.warn({ err: e }, 'could not refresh the staff token key'));
    }, KEY_REFRESH_MS);
    issuer.refresher.unref();
    return issuer;
  }

  private async publishKey(): Promise<void> {
    await this.verifier.keyBucket.put(
      `jwk.${this.key.kid}`,
      JSON.stringify({ jwk: this.key.publicJwk, refreshedAt: Date.now() }),
    );
  }

  /** Keys nobody refreshed for longer than any token lives (a rotated-out key, an old development run). */
  private async pruneKeys(): Promise<void> {
    const stale = Date.now() - (MAX_STAFF_TOKEN_TTL_SECONDS * 1000 + 2 * KEY_REFRESH_MS);
    const kv = this.verifier.keyBucket;
    for await (const k of await kv.keys('jwk.>')) {
      const entry = await kv.get(k);
      const refreshedAt = entry?.operation === 'PUT' ? entry.json<{ refreshedAt?: number }>().refreshedAt : 0;
      if ((refreshedAt ?? 0) < stale) await kv.purge(k);
    }
  }

  get kid(): string {
    return this.key.kid;
  }

  async issue(claims: StaffClaims, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const token = await issueStaffToken(claims, this.key, this.ttlSeconds, now);
    return { token, expiresAt: staffTokenExpiry(this.ttlSeconds, now) };
  }

  /** Logout: this session only. */
  async revokeSession(sid: string, at = new Date()): Promise<void> {
    await this.verifier.revocations.put(
      `sid.${keyPart(sid)}`,
      JSON.stringify({ at: at.getTime(), reason: 'logout' }),
    );
  }

  /** Every token of the account issued before `at` (password, deactivation, roles or departments changed). */
  async revokeStaff(
    staffId: string,
    reason: Exclude<RevocationReason, 'logout'>,
    at = new Date(),
  ): Promise<void> {
    await this.verifier.revocations.put(
      `staff.${keyPart(staffId)}`,
      JSON.stringify({ at: at.getTime(), reason }),
    );
    this.logger?.info?.({ staffId, reason }, 'staff sessions revoked');
  }

  stop(): void {
    if (this.refresher) clearInterval(this.refresher);
  }
}

const testIssuers = new WeakMap<KvSource, Promise<StaffTokenIssuer>>();

/**
 * For tests and benchmarks that start services without handoff, or need tokens of made-up staff: a
 * key made here and published in the namespace exactly like handoff's, so every service accepts what
 * it signs. Never used by a service.
 */
export async function issueTestStaffToken(
  claims: StaffClaims,
  source: KvSource,
  ttlSeconds = 3600,
): Promise<string> {
  let issuer = testIssuers.get(source);
  if (!issuer) {
    issuer = (async () => {
      const { generateStaffSigningKey } = await import('./staff-keys');
      const verifier = await StaffTokenVerifier.open(source);
      const opened = await StaffTokenIssuer.open(verifier, await generateStaffSigningKey(), ttlSeconds);
      verifier.stop();
      opened.stop();
      return opened;
    })();
    testIssuers.set(source, issuer);
  }
  return (await (await issuer).issue(claims)).token;
}
