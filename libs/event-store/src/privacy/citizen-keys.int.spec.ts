import { Envelope, ERASED, makeEnvelope } from '@citizen-desk/contracts';
import { DataSource } from 'typeorm';
import { testDatabaseUrl, testNamespace } from '../../../testing/src/test-env';
import { createServiceDataSource } from '../data-source';
import { EventStore } from '../event-store';
import { dropSchemas, outboxOf } from '../event-store.test-support';
import {
  CitizenKeys,
  citizenKeysMigration,
  citizenKeysSchemaOf,
  citizenPseudonymsMigration,
} from './citizen-keys';
import { CitizenDataCipher } from './envelope-cipher';

const ns = testNamespace();
const keysSchema = citizenKeysSchemaOf(ns);
const schemas = [`${ns}_one`, `${ns}_two`];
let one: DataSource;
let two: DataSource;

const open = (schema: string) =>
  createServiceDataSource({
    url: testDatabaseUrl(),
    schema,
    poolSize: 4,
    migrations: [citizenKeysMigration(keysSchema), citizenPseudonymsMigration(keysSchema)],
  });

beforeAll(async () => {
  // Two services migrating at once create the shared table once.
  [one, two] = await Promise.all(schemas.map(open));
});

const stores: CitizenKeys[] = [];
/** A key store as one process has it (its own cache and connections). */
const keysOf = (dataSource: DataSource) => {
  const keys = new CitizenKeys(dataSource, keysSchema);
  stores.push(keys);
  return keys;
};

afterAll(async () => {
  await Promise.all(stores.map((k) => k.close()));
  await Promise.all([one?.destroy(), two?.destroy()]);
  await dropSchemas(...schemas, keysSchema);
});

const said = (citizenId: string, text: string): Envelope =>
  makeEnvelope({
    type: 'HandoffMessageFromCitizen',
    version: 1,
    streamId: `handoff-session-${citizenId}`,
    data: {
      sessionId: `s-${citizenId}`,
      citizenId,
      department: 'general',
      operatorId: null,
      receivedEventId: 'e-1',
      message: { kind: 'location', text, location: { lat: 42.2864, lon: 18.8401 } },
      receivedAt: '2026-11-30T08:00:00.000Z',
    },
  });

describe('CitizenKeys', () => {
  it('makes one key per citizen, shared by every service, in one query per batch and none when cached', async () => {
    const keysOne = keysOf(one);
    const keysTwo = keysOf(two);
    const [a, b] = await Promise.all([
      keysOne.forCitizens(['viber:k1', 'viber:k2', 'viber:k1']),
      keysTwo.forCitizens(['viber:k2', 'viber:k1']),
    ]);
    expect(a.get('viber:k1')!.kid).toBe(b.get('viber:k1')!.kid);
    expect(a.get('viber:k2')!.key.equals(b.get('viber:k2')!.key)).toBe(true);
    expect(a.get('viber:k1')!.kid).not.toBe(a.get('viber:k2')!.kid);
    const before = keysOne.lookups;
    await keysOne.forCitizens(['viber:k1', 'viber:k2']);
    expect(keysOne.lookups).toBe(before);
    const [{ count }] = await one.query(
      `SELECT count(*)::int AS count FROM "${keysSchema}".citizen_keys WHERE citizen_id LIKE 'viber:k%'`,
    );
    expect(count).toBe(2);
  });

  it('makes the keys of a burst of new citizens asked for at once in a few statements, not one each', async () => {
    const keys = keysOf(one);
    const ids = Array.from({ length: 200 }, (_, i) => `viber:burst-${i}`);
    const answers = await Promise.all(ids.map((id) => keys.forCitizens([id])));
    const kids = answers.map((a, i) => a.get(ids[i])!.kid);
    expect(new Set(kids).size).toBe(200);
    // One statement in flight at a time; everything asked meanwhile goes out together in the next.
    expect(keys.lookups).toBeLessThanOrEqual(3);
  });

  it('shreds: the key row goes, other processes are told its id, and a later lookup finds nothing', async () => {
    const keysOne = keysOf(one);
    const keysTwo = keysOf(two);
    const kid = (await keysOne.forCitizens(['viber:gone'])).get('viber:gone')!.kid;
    expect((await keysTwo.byIds([kid])).has(kid)).toBe(true);
    const told: string[][] = [];
    keysOne.onShredded((kids) => told.push(kids));

    expect(await keysOne.shred(['viber:gone'])).toEqual([kid]);
    expect(told).toEqual([[kid]]);
    keysTwo.evictKeys(told[0]);
    expect((await keysTwo.byIds([kid])).has(kid)).toBe(false);
    expect((await keysOf(two).byIds([kid])).has(kid)).toBe(false);
    // Coming back is a new conversation: a new key, not the old one.
    const again = (await keysOne.forCitizens(['viber:gone'])).get('viber:gone')!;
    expect(again.kid).not.toBe(kid);
  });
});

describe('CitizenKeys: pseudonyms for Viber ids', () => {
  /** Every row of the shared privacy schema, as text: where a Viber id would be found. */
  const privacyRows = async () => {
    const keys = await one.query(`SELECT t::text AS row FROM "${keysSchema}".citizen_keys t`);
    const farewells = await one.query(`SELECT t::text AS row FROM "${keysSchema}".farewells t`);
    return JSON.stringify([...keys, ...farewells]);
  };

  it('gives two processes meeting a citizen at once one random pseudonym, with the key in the same row', async () => {
    const viberId = `p-first-${ns}+/a==`;
    const gatewayOne = keysOf(one);
    const gatewayTwo = keysOf(two);
    const [a, b] = await Promise.all([
      gatewayOne.pseudonymsOf([viberId]),
      gatewayTwo.pseudonymsOf([viberId]),
    ]);
    const pseudonym = a.get(viberId)!;
    expect(b.get(viberId)).toBe(pseudonym);
    expect(pseudonym).toMatch(/^citizen:[a-z2-7]{26}$/);
    expect(pseudonym).not.toContain(viberId);
    // One lookup gave the key too: sealing for the pseudonym asks nothing more.
    const before = gatewayOne.lookups;
    const key = (await gatewayOne.forCitizens([pseudonym])).get(pseudonym)!;
    expect(gatewayOne.lookups).toBe(before);
    expect((await keysOf(two).forCitizens([pseudonym])).get(pseudonym)).toEqual(key);
    const rows = await one.query(`SELECT citizen_id FROM "${keysSchema}".citizen_keys WHERE viber_id = $1`, [
      viberId,
    ]);
    expect(rows).toEqual([{ citizen_id: pseudonym }]);
  });

  it('makes the pseudonyms of a burst of new citizens in a few statements, and resolves a batch in one', async () => {
    const gateway = keysOf(one);
    const viberIds = Array.from({ length: 100 }, (_, i) => `p-burst-${i}-${ns}`);
    const answers = await Promise.all(viberIds.map((id) => gateway.pseudonymsOf([id])));
    const pseudonyms = answers.map((a, i) => a.get(viberIds[i])!);
    expect(new Set(pseudonyms).size).toBe(100);
    expect(gateway.lookups).toBeLessThanOrEqual(3);
    const sender = keysOf(two);
    const resolved = await sender.viberIdsOf(pseudonyms);
    expect(sender.lookups).toBe(1);
    expect(pseudonyms.map((p) => resolved.get(p))).toEqual(viberIds);
    await sender.viberIdsOf(pseudonyms);
    expect(sender.lookups).toBe(1);
  });

  it('forgets: the link goes with the key, kept only for the farewell, then nowhere', async () => {
    const viberId = `p-forget-${ns}==`;
    const gateway = keysOf(one);
    const sender = keysOf(two);
    const pseudonym = (await gateway.pseudonymsOf([viberId])).get(viberId)!;
    expect((await sender.viberIdsOf([pseudonym])).get(pseudonym)).toBe(viberId);
    const told: string[][] = [];
    const dialog = keysOf(one);
    dialog.onShredded((kids) => told.push(kids));

    await dialog.shred([pseudonym]);
    expect(told).toHaveLength(1);
    // The other processes hear of it (the key-shredded notice) and drop what they cached.
    sender.evictKeys(told[0]);
    gateway.evictKeys(told[0]);
    const lookups = sender.lookups;
    expect((await sender.viberIdsOf([pseudonym])).has(pseudonym)).toBe(false);
    expect(sender.lookups).toBe(lookups); // forgotten for good: known without asking
    expect((await keysOf(two).viberIdsOf([pseudonym])).has(pseudonym)).toBe(false);
    // The answer to "forget me" still finds the Viber id, until it is said.
    expect((await sender.viberIdsOf([pseudonym], [pseudonym])).get(pseudonym)).toBe(viberId);
    expect(await privacyRows()).toContain(viberId);
    expect(await sender.farewellsSaid([pseudonym])).toBe(1);
    expect((await sender.viberIdsOf([pseudonym], [pseudonym])).has(pseudonym)).toBe(false);
    expect(await privacyRows()).not.toContain(viberId);
    expect(await privacyRows()).not.toContain(pseudonym);

    // Coming back is a new citizen: a new pseudonym, and a service sealing for the old one links nothing.
    const again = (await gateway.pseudonymsOf([viberId])).get(viberId)!;
    expect(again).not.toBe(pseudonym);
    await keysOf(one).forCitizens([pseudonym]);
    expect((await keysOf(two).viberIdsOf([pseudonym, again])).get(again)).toBe(viberId);
    expect((await keysOf(two).viberIdsOf([pseudonym])).has(pseudonym)).toBe(false);
  });

  it('keeps a citizen first seen before pseudonyms under their old id, linked to their Viber id', async () => {
    const legacy = `viber:legacy-${ns}==`;
    const keyBefore = (await keysOf(one).forCitizens([legacy])).get(legacy)!;
    await one.query(`UPDATE "${keysSchema}".citizen_keys SET viber_id = NULL WHERE citizen_id = $1`, [
      legacy,
    ]);
    // What the migration does to a key row made before it (it runs again harmlessly).
    const runner = one.createQueryRunner();
    try {
      await new (citizenPseudonymsMigration(keysSchema))().up(runner);
    } finally {
      await runner.release();
    }
    const gateway = keysOf(two);
    expect((await gateway.pseudonymsOf([`legacy-${ns}==`])).get(`legacy-${ns}==`)).toBe(legacy);
    expect((await gateway.forCitizens([legacy])).get(legacy)).toEqual(keyBefore);
    expect((await keysOf(two).viberIdsOf([legacy])).get(legacy)).toBe(`legacy-${ns}==`);
  });

  it('drops a farewell past its time even if it was never said', async () => {
    const viberId = `p-late-${ns}==`;
    const gateway = keysOf(one);
    const pseudonym = (await gateway.pseudonymsOf([viberId])).get(viberId)!;
    await gateway.shred([pseudonym]);
    await one.query(
      `UPDATE "${keysSchema}".farewells SET until = now() - interval '1 second' WHERE citizen_id = $1`,
      [pseudonym],
    );
    expect((await keysOf(two).viberIdsOf([pseudonym], [pseudonym])).has(pseudonym)).toBe(false);
    await gateway.farewellsSaid([]);
    expect(await privacyRows()).not.toContain(viberId);
  });
});

describe('CitizenKeys when the database drops its connections', () => {
  it('survives its idle connections being cut (as when PostgreSQL restarts) and reconnects', async () => {
    const broken: Error[] = [];
    const keys = new CitizenKeys(one, keysSchema, { onConnectionError: (e) => broken.push(e) });
    stores.push(keys);
    const citizen = `viber:cut-${ns}==`;
    const first = await keys.forCitizens([citizen]);
    // Cut every connection of key stores: idle ones error on the pool, which must not end the process.
    await one.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'citizen-keys' AND pid <> pg_backend_pid()`,
    );
    for (let i = 0; i < 50 && broken.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(broken.length).toBeGreaterThan(0);
    const other = new CitizenKeys(two, keysSchema);
    stores.push(other);
    // A fresh lookup from another process finds the same key over a new connection.
    expect((await other.forCitizens([citizen])).get(citizen)).toEqual(first.get(citizen));
    expect((await keys.forCitizens([`viber:after-cut-${ns}==`])).size).toBe(1);
  });
});

describe('EventStore with the citizens’ keys', () => {
  it('records and publishes ciphertext, reads clear text, and reads erased after a shred', async () => {
    const keys = keysOf(one);
    const store = new EventStore(one, { namespace: ns, cipher: new CitizenDataCipher(keys) });
    const event = said('viber:ana', 'Moj broj je +38267000111');
    await store.append(event.streamId, 'no-stream', [event]);

    const [row] = await one.query('SELECT data, metadata FROM events WHERE event_id = $1', [event.id]);
    expect(JSON.stringify(row)).not.toContain('+38267000111');
    expect(JSON.stringify(row)).not.toContain('42.2864');
    expect(row.metadata.sealed.kid).toBeDefined();
    const outbox = (await outboxOf(one)).filter((r) => r.message_id === event.id);
    expect(JSON.stringify(outbox)).not.toContain('+38267000111');
    expect(outbox[0].envelope.sealed).toEqual(row.metadata.sealed);

    expect((await store.readStream(event.streamId)).events[0].data).toEqual(event.data);

    await keys.shred(['viber:ana']);
    const [erased] = (await store.readStream(event.streamId)).events;
    expect(erased.data).toMatchObject({
      citizenId: 'viber:ana',
      message: { kind: 'location', text: ERASED },
    });
    expect((erased.data as { message: { location?: unknown } }).message.location).toBeUndefined();
  });

  it('seals a whole batch with one key lookup and opens several streams with one more', async () => {
    const keys = keysOf(one);
    const store = new EventStore(one, { namespace: ns, cipher: new CitizenDataCipher(keys) });
    const events = ['viber:b1', 'viber:b2', 'viber:b3'].map((c) => said(c, `tekst ${c}`));
    await one.transaction(async (manager) => {
      const writer = store.writer(manager);
      for (const e of events) writer.append(e.streamId, 'no-stream', [e]);
      await writer.flush();
    });
    expect(keys.lookups).toBe(1);
    const rows = await one.query('SELECT data FROM events WHERE event_id = ANY($1::uuid[])', [
      events.map((e) => e.id),
    ]);
    expect(JSON.stringify(rows)).not.toContain('tekst');

    const reader = new EventStore(one, {
      namespace: ns,
      cipher: new CitizenDataCipher(keysOf(one)),
    });
    const readerKeys = (reader.cipher as CitizenDataCipher).keys;
    const streams = await reader.readStreams(events.map((e) => e.streamId));
    expect(readerKeys.lookups).toBe(1);
    expect(events.map((e) => streams.get(e.streamId)!.events[0].data)).toEqual(events.map((e) => e.data));
  });

  it('leaves in clear what is staged with seal: false', async () => {
    const keys = keysOf(one);
    const store = new EventStore(one, { namespace: ns, cipher: new CitizenDataCipher(keys) });
    const event = said('viber:last-words', 'Zaboravljeni ste');
    await one.transaction(async (manager) => {
      const writer = store.writer(manager);
      writer.append(event.streamId, 'no-stream', [event], { seal: false });
      await writer.flush();
    });
    const [row] = await one.query('SELECT data FROM events WHERE event_id = $1', [event.id]);
    expect(JSON.stringify(row)).toContain('Zaboravljeni ste');
    expect(keys.lookups).toBe(0);
  });
});
