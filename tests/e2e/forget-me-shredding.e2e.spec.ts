import { ERASED } from '@citizen-desk/contracts';
import { CitizenDataCipher, CitizenKeys, citizenKeysSchemaOf } from '@citizen-desk/event-store';
import { eventually, testDatabaseUrl, testNatsUrl, waitUntilIdle } from '@citizen-desk/testing';
import { CitizenMessage, messageCallback, postSignedCallback } from '@citizen-desk/viber-simulator';
import { connect } from 'nats';
import { Client } from 'pg';
import { loadSeedContent } from '../../services/dialog/src/content';
import { handoffDriver, startPlatform, VIBER_TOKEN } from './platform.fixture';
import { nextToken } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
interface Sent {
  receiver: string;
  text?: string;
  keyboard?: { Buttons: Array<{ ActionBody: string }> };
}

const content = loadSeedContent();
const REFERENCE = /BD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;

/**
 * What identifies the citizen, each distinctive enough that finding it anywhere means it was kept:
 * their Viber id, their name, the phone number they shared, a word of what they wrote, and the place
 * they shared (its first four decimals, which every rendering of it — JSON, a double cast to text,
 * the report summary's five decimals — contains).
 */
const citizen = { viberId: 'shred-citizen-Qx7+/w==', name: 'Vukosava Zmijanjac' };
const SECRETS = {
  viberId: citizen.viberId,
  name: 'Zmijanjac',
  phone: '38269555123',
  text: 'kvrgavi7731',
  lat: '42.2813',
  lon: '18.8397',
};
const PLACE = { lat: 42.2813579, lon: 18.8397531 };

/** Crypto-shredding end to end: after "forget me" nothing the citizen gave is readable anywhere. */
describe('forget me erases a citizen everywhere', () => {
  let p: Platform;

  beforeAll(async () => {
    p = await startPlatform({}, { handoff: true });
  });
  afterAll(async () => {
    await p?.stop();
  });

  const sentTo = () =>
    (p.viber.sentMessages() as unknown as Sent[]).filter((m) => m.receiver === citizen.viberId);

  async function send(message: CitizenMessage, replies = 1): Promise<Sent[]> {
    const before = sentTo().length;
    const res = await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      JSON.stringify(messageCallback(citizen, message, nextToken(), Date.now())),
    );
    expect(res.status).toBe(200);
    return eventually(() => (sentTo().length >= before + replies ? sentTo().slice(before) : undefined), {
      message: `${replies} answer(s) to ${JSON.stringify(message)}`,
    });
  }
  const text = (t: string) => ({ type: 'text' as const, text: t });

  /** Where each secret is found: every row of every table of the platform's schemas, cast to text. */
  async function foundInDatabase(): Promise<string[]> {
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    try {
      const { rows: tables } = await pg.query<{ table_schema: string; table_name: string }>(
        `SELECT table_schema, table_name FROM information_schema.tables
          WHERE table_schema LIKE $1 AND table_type = 'BASE TABLE'`,
        [`${p.namespace}\\_%`],
      );
      expect(tables.length).toBeGreaterThan(10);
      const found: string[] = [];
      for (const { table_schema, table_name } of tables) {
        const { rows } = await pg.query<{ row: string }>(
          `SELECT t::text AS row FROM "${table_schema}"."${table_name}" t`,
        );
        for (const { row } of rows)
          for (const [what, secret] of Object.entries(SECRETS))
            if (row.toLowerCase().includes(secret.toLowerCase()))
              found.push(`${what} in ${table_schema}.${table_name}: ${row.slice(0, 300)}`);
      }
      return found;
    } finally {
      await pg.end();
    }
  }

  /**
   * Where each secret is found in every message of the namespace's JetStream streams (events and
   * buckets); with `opened`, after decrypting each with the keys in the database, as a process that
   * never saw the citizen would (no cache).
   */
  async function foundInJetStream(opened = false): Promise<string[]> {
    const keys = new CitizenKeys(p.dialog.runtime.dataSource, citizenKeysSchemaOf(p.namespace));
    const cipher = new CitizenDataCipher(keys);
    const nc = await connect({ servers: testNatsUrl() });
    try {
      const jsm = await nc.jetstreamManager();
      const found: string[] = [];
      let messages = 0;
      for await (const s of jsm.streams.list()) {
        const name = s.config.name;
        if (name !== `${p.namespace.toUpperCase()}_EVENTS` && !name.startsWith(`KV_${p.namespace}-`))
          continue;
        for (let seq = s.state.first_seq; seq <= s.state.last_seq && s.state.messages > 0; seq++) {
          const m = await jsm.streams.getMessage(name, { seq }).catch(() => undefined);
          if (!m) continue; // deleted (a KV key overwritten)
          messages += 1;
          let body = new TextDecoder().decode(m.data);
          if (opened && name.endsWith('_EVENTS'))
            body = JSON.stringify(await cipher.open([JSON.parse(body)]));
          body = body.toLowerCase();
          for (const [what, secret] of Object.entries(SECRETS))
            if (body.includes(secret.toLowerCase()))
              found.push(`${what} in ${name} #${seq}: ${body.slice(0, 300)}`);
        }
      }
      expect(messages).toBeGreaterThan(20);
      return found;
    } finally {
      await nc.close();
      await keys.close();
    }
  }

  it('writes, shares a phone and a place, talks to an operator, files a report, forgets: nothing stays readable', async () => {
    const driver = handoffDriver(p);
    const operator = await driver.staffMember('Jovana', ['operator'], ['local-self-government']);
    // Reports go to the department of their category: an admin sees every one.
    const admin = await driver.staffMember('Nadzornica', ['admin'], ['local-self-government']);

    // 1. The citizen writes, shares a phone number and a place.
    await send(text(`Imam pitanje o ${SECRETS.text} u mojoj ulici`));
    await send({ type: 'contact', name: citizen.name, phone_number: `+${SECRETS.phone}` });
    await send({ type: 'location', ...PLACE });

    // 2. Asks for a person; the operator takes it and answers; the citizen writes to them.
    await send(text('op:request'));
    const session = await driver.sessionOf(citizen.viberId, operator.token);
    expect(
      (await driver.call('POST', `/handoff/sessions/${session.id}/claim`, { token: operator.token })).status,
    ).toBe(200);
    await send(text(`Operateru: ${SECRETS.text} i dalje stoji`), 0);
    const answered = await driver.call('POST', `/handoff/sessions/${session.id}/messages`, {
      token: operator.token,
      body: { text: 'Provjerićemo, hvala.' },
    });
    expect(answered.status).toBe(200);
    await eventually(() => sentTo().some((m) => m.text === 'Provjerićemo, hvala.'));
    // A note for colleagues repeats what the citizen said: it is theirs, sealed like their own words.
    const noted = await driver.call('POST', `/handoff/sessions/${session.id}/notes`, {
      token: operator.token,
      body: { text: `Zove sa ${SECRETS.phone}, pita za ${SECRETS.text}` },
    });
    expect(noted.status).toBe(204);
    // Handoff reads the sealed events transparently: the operator sees what the citizen wrote.
    const detail = await eventually(async () => {
      const d = await driver.call('GET', `/handoff/sessions/${session.id}`, { token: operator.token });
      return JSON.stringify(d.body).includes(SECRETS.text) ? d.body : undefined;
    });
    expect(JSON.stringify(detail)).toContain(citizen.name);
    expect(JSON.stringify(detail)).toContain(`Zove sa ${SECRETS.phone}`);
    const closed = await driver.call('POST', `/handoff/sessions/${session.id}/close`, {
      token: operator.token,
      body: { resolution: 'Odgovoreno' },
    });
    expect(closed.status).toBe(200);
    await eventually(() => sentTo().some((m) => m.keyboard?.Buttons.some((b) => b.ActionBody === 'rate:5')));
    await send(text('rate:5'));

    // 3. Files a report with a description and the place.
    await send(text('topic:report-problem'));
    await send(text(`Rupa na putu ${SECRETS.text} ispred kuce`));
    await send({ type: 'location', ...PLACE, address: `Ulica ${SECRETS.name} 4` });
    await send(text('report:skip-photo'));
    const [summary] = await send(text('report:publish-no'));
    expect(summary.text).toContain(SECRETS.text);
    const filed = await send(text('report:confirm'), 2);
    const reference = REFERENCE.exec(filed.map((m) => m.text).join(' '))![0];
    const report = await eventually(async () => {
      const r = await driver.call('GET', `/reports/${reference}`, { token: admin.token });
      return r.status === 200 ? r.body : undefined;
    });
    expect(report.description).toContain(SECRETS.text);
    await waitUntilIdle(p.namespace, { timeoutMs: 60_000 });

    // The search finds what is kept in clear before the forget (the read models staff work from, and
    // the gateway's link from pseudonym to Viber id), and never in JetStream: the events there are
    // sealed from the start, and name the citizen by their pseudonym.
    const before = await foundInDatabase();
    expect(before.length).toBeGreaterThan(0);
    // The Viber id only in the gateway's link (the privacy schema), nowhere past the gateway.
    const viberIdAt = before.filter((f) => f.startsWith('viberId'));
    expect(viberIdAt).toHaveLength(1);
    expect(viberIdAt[0]).toMatch(/^viberId in \w+_privacy\.citizen_keys:/);
    expect(await foundInJetStream()).toEqual([]);
    // With the citizen's key, what JetStream holds opens: the search would see it.
    expect((await foundInJetStream(true)).length).toBeGreaterThan(0);

    // 4. Forget me.
    await send(text('menu:my-data'));
    await send(text('topic:forget-me'));
    const [forgotten] = await send(text('forget:yes'));
    expect(forgotten.text).toBe(content.texts.forgotten['cnr-Latn']);
    await waitUntilIdle(p.namespace, { timeoutMs: 60_000 });

    expect(await foundInDatabase()).toEqual([]);
    expect(await foundInJetStream()).toEqual([]);
    // The key is gone: not even the platform can open what it published about them.
    expect(await foundInJetStream(true)).toEqual([]);

    // Readers meet placeholders, not errors: the report and the session still open for staff.
    const after = await driver.call('GET', `/reports/${reference}`, { token: admin.token });
    expect(after.status).toBe(200);
    expect(after.body.description).toBe(ERASED);
    const sessionAfter = await driver.call('GET', `/handoff/sessions/${session.id}`, {
      token: operator.token,
    });
    expect(sessionAfter.status).toBe(200);
    expect(JSON.stringify(sessionAfter.body)).toContain(ERASED);

    // The citizen can start again: a new key, their new words readable to the services.
    await send(text(`Opet ja, ${SECRETS.text}`));
  });
});
