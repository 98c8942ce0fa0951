import { makeEnvelope } from '@citizen-desk/contracts';
import { citizenKeysSchemaOf } from '@citizen-desk/event-store';
import { eventually, testDatabaseUrl, testNatsUrl, waitUntilIdle } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { Client } from 'pg';
import { FORGOTTEN_REASON } from '../../services/gateway/src/sender/viber-sender';
import { startPlatform, VIBER_TOKEN } from './platform.fixture';
import { textMessageCallback } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

/**
 * Only the gateway knows Viber ids: behind it a citizen is a random pseudonym, resolved back to their
 * Viber id just before a call to Viber, and not at all once they are forgotten.
 */
describe('citizens are pseudonyms behind the gateway', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  const deliveredTo = (viberId: string) => p.viber.deliveries().filter((d) => d.receiver === viberId);

  async function writes(viberId: string, text: string): Promise<void> {
    const before = deliveredTo(viberId).length;
    const res = await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback(viberId, text));
    expect(res.status).toBe(200);
    await eventually(() => deliveredTo(viberId).length > before, { message: `an answer to ${viberId}` });
  }

  /** Tables (outside the shared privacy schema) and JetStream messages in which the text is found. */
  async function foundOutsideTheGateway(text: string): Promise<string[]> {
    const found: string[] = [];
    const pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    try {
      const { rows: tables } = await pg.query<{ table_schema: string; table_name: string }>(
        `SELECT table_schema, table_name FROM information_schema.tables
          WHERE table_schema LIKE $1 AND table_schema <> $2 AND table_type = 'BASE TABLE'`,
        [`${p.namespace}\\_%`, citizenKeysSchemaOf(p.namespace)],
      );
      for (const t of tables) {
        const { rows } = await pg.query(
          `SELECT 1 FROM "${t.table_schema}"."${t.table_name}" t WHERE strpos(t::text, $1) > 0`,
          [text],
        );
        if (rows.length > 0) found.push(`${t.table_schema}.${t.table_name}`);
      }
    } finally {
      await pg.end();
    }
    const nc = await connect({ servers: testNatsUrl() });
    try {
      const jsm = await nc.jetstreamManager();
      const name = `${p.namespace.toUpperCase()}_EVENTS`;
      const { state } = await jsm.streams.info(name);
      for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
        const m = await jsm.streams.getMessage(name, { seq }).catch(() => undefined);
        if (m && Buffer.from(m.data).includes(text)) found.push(`${name} #${seq}`);
      }
    } finally {
      await nc.close();
    }
    return found;
  }

  it('answers a citizen at their Viber id, which nothing past the gateway holds', async () => {
    const viberId = 'pseudo-rt-Zk9+/q==';
    await writes(viberId, 'Dobar dan');
    await writes(viberId, 'porez na nepokretnost');
    const citizenId = await p.citizenIdOf(viberId);
    expect(citizenId).toMatch(/^citizen:[a-z2-7]{26}$/);
    // The dialog knows the citizen by their pseudonym only.
    const [{ count }] = await p.dialog.runtime.dataSource.query(
      `SELECT count(*)::int AS count FROM events WHERE stream_id = $1`,
      [`conversation-${citizenId}`],
    );
    expect(count).toBeGreaterThan(0);
    await waitUntilIdle(p.namespace);
    expect(await foundOutsideTheGateway(viberId)).toEqual([]);
  });

  it('does not send to a forgotten citizen: recorded as failed for good, neither retried nor sent', async () => {
    const forgotten = 'pseudo-gone==';
    const kept = 'pseudo-kept==';
    const blocked = 'pseudo-blocked==';
    await writes(forgotten, 'Dobar dan');
    await writes(kept, 'Dobar dan');
    await writes(blocked, 'Dobar dan');
    const [gone, stays, left] = await Promise.all([forgotten, kept, blocked].map((v) => p.citizenIdOf(v)));
    // Viber itself refuses this one: its failed_list names the Viber id, reported as the pseudonym.
    p.viber.unsubscribed(blocked);
    await waitUntilIdle(p.namespace);
    // Forgotten in the dialog, as "forget me" does: the gateway, which has just resolved this
    // pseudonym to answer them (cached), hears of it only through the key-shredded notice.
    await p.dialog.runtime.citizenKeys.shred([gone]);
    const before = deliveredTo(forgotten).length;

    const messageId = randomUUID();
    const command = (type: string, data: unknown, streamId: string) =>
      p.dialog.runtime.messaging.publish(makeEnvelope({ type, version: 1, streamId, data }));
    await command(
      'SendMessageToCitizen',
      {
        messageId,
        citizenId: gone,
        message: { kind: 'text', text: 'Da li ste još tu?' },
        purpose: 'notice',
        origin: 'dialog',
      },
      `outbound-${messageId}`,
    );
    await command(
      'BroadcastToCitizens',
      {
        batchId: 'pseudo-batch-1',
        campaignId: 'pseudo-campaign',
        citizenIds: [gone, stays, left],
        message: { kind: 'text', text: 'Obavještenje' },
        // Not the broadcast service's own: it has no campaign to record this batch in.
        origin: 'e2e',
      },
      'campaign-pseudo-campaign',
    );
    const outcomes = (type: string) =>
      p.gateway.runtime.dataSource.query(`SELECT data FROM events WHERE type = $1`, [type]) as Promise<
        Array<{ data: Record<string, unknown> }>
      >;
    const failed = await eventually(async () =>
      (await outcomes('MessageSendFailed')).find((r) => r.data.messageId === messageId),
    );
    expect(failed.data).toMatchObject({
      citizenId: gone,
      permanent: true,
      attempts: 0,
      reason: FORGOTTEN_REASON,
    });
    const batch = await eventually(async () =>
      (await outcomes('BroadcastBatchSent')).find((r) => r.data.batchId === 'pseudo-batch-1'),
    );
    expect(batch.data).toMatchObject({
      sent: [stays],
      failed: [
        { citizenId: left, code: 6 },
        { citizenId: gone, reason: FORGOTTEN_REASON },
      ],
    });
    await waitUntilIdle(p.namespace);
    expect(deliveredTo(kept).some((d) => d.via === 'broadcast_message')).toBe(true);
    expect(deliveredTo(forgotten)).toHaveLength(before);

    // Writing again, they are a new citizen with a new pseudonym, answered as before.
    await writes(forgotten, 'Opet ja');
    expect(await p.citizenIdOf(forgotten)).not.toBe(gone);
  });
});
