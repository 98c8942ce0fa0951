import { Envelope, ERASED, makeEnvelope } from '@citizen-desk/contracts';
import { DataSource } from 'typeorm';
import { testDatabaseUrl, testNamespace } from '../../../testing/src/test-env';
import { createServiceDataSource } from '../data-source';
import { EventStore } from '../event-store';
import { dropSchemas, outboxOf } from '../event-store.test-support';
import { CitizenKeys, citizenKeysMigration, citizenKeysSchemaOf } from './citizen-keys';
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
    migrations: [citizenKeysMigration(keysSchema)],
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
