import { gatewayEnvSchema, loadConfig } from '@citizen-desk/config';
import { deterministicId, Envelope } from '@citizen-desk/contracts';
import { cleanupNamespace, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import { Gateway, startGateway } from '../gateway.app';

/**
 * The webhook's guarantees, against the gateway alone with the real NATS and PostgreSQL: what is
 * answered 200 is stored in JetStream already, once per message_token, and nothing else is published.
 */
const TOKEN = 'gateway-webhook-test-token';
const ns = testNamespace();
let gateway: Gateway;
let webhookUrl: string;

let tokens = 0n;
const nextToken = () => (7300000000000000000n + ++tokens).toString();
const message = (userId: string, text: string, token = nextToken()) =>
  `{"event":"message","timestamp":${Date.now()},"message_token":${token},"sender":{"id":"${userId}","name":"Ana","language":"sr","api_version":10},"message":{"type":"text","text":${JSON.stringify(text)}},"silent":false}`;

const stored = async () =>
  (await gateway.runtime.messaging.jsm.streams.info(gateway.runtime.messaging.streamName)).state.messages;
const post = (body: string, opts?: Parameters<typeof postSignedCallback>[3]) =>
  postSignedCallback(webhookUrl, TOKEN, body, opts);

beforeAll(async () => {
  const env = serviceTestEnv(ns, { VIBER_AUTH_TOKEN: TOKEN, VIBER_API_URL: 'http://127.0.0.1:9/pa' });
  gateway = await startGateway(loadConfig(gatewayEnvSchema, env));
  webhookUrl = `${gateway.url}/viber/webhook`;
});

afterAll(async () => {
  await gateway?.stop();
  await cleanupNamespace(ns);
});

describe('POST /viber/webhook', () => {
  it('answers 200 only once the message is in JetStream, under its token-derived id', async () => {
    const before = await stored();
    const token = nextToken();
    const res = await post(message('ana==', 'porez', token));
    expect(res).toEqual({ status: 200, body: '{"status":"ok"}' });
    // No waiting: the message was stored before the answer left.
    expect(await stored()).toBe(before + 1);
    const last = await gateway.runtime.messaging.jsm.streams.getMessage(
      gateway.runtime.messaging.streamName,
      {
        last_by_subj: `${ns}.citizen.message-received`,
      },
    );
    // The citizen is their pseudonym from here on: the Viber id is in the privacy schema alone.
    const pseudonym = (await gateway.runtime.citizenKeys.pseudonymsOf(['ana=='])).get('ana==')!;
    expect(pseudonym).toMatch(/^citizen:/);
    expect(last.header.get('Nats-Msg-Id')).toBe(deterministicId(`viber:message:${token}:${pseudonym}`));
    // Stored sealed (the citizen's words under their key); opened, it is the message.
    expect(last.string()).not.toContain('porez');
    expect(last.string()).not.toContain('ana==');
    const [opened] = await gateway.runtime.cipher.open([last.json<Envelope>()]);
    expect(opened).toMatchObject({
      type: 'CitizenMessageReceived',
      streamId: `citizen-${pseudonym}`,
      data: { citizen: { id: pseudonym }, channelMessageId: token, message: { kind: 'text', text: 'porez' } },
    });
    expect(JSON.stringify(opened)).not.toContain('ana==');
  });

  it('gives every callback of one Viber user the same pseudonym, and each user their own', async () => {
    const unsubscribed = (userId: string) =>
      `{"event":"unsubscribed","timestamp":${Date.now()},"user_id":"${userId}","message_token":${nextToken()}}`;
    await post(message('vesna==', 'prvo'));
    await post(unsubscribed('vesna=='));
    await post(message('zoran==', 'drugo'));
    const { messaging } = gateway.runtime;
    const last = (subject: string) =>
      messaging.jsm.streams.getMessage(messaging.streamName, { last_by_subj: `${ns}.${subject}` });
    const [left, spoke] = await Promise.all([last('citizen.unsubscribed'), last('citizen.message-received')]);
    const pseudonyms = await gateway.runtime.citizenKeys.pseudonymsOf(['vesna==', 'zoran==']);
    expect(left.json<Envelope<{ citizenId: string }>>().data.citizenId).toBe(pseudonyms.get('vesna=='));
    expect(spoke.json<Envelope>().streamId).toBe(`citizen-${pseudonyms.get('zoran==')}`);
    expect(pseudonyms.get('vesna==')).not.toBe(pseudonyms.get('zoran=='));
    expect(left.string() + spoke.string()).not.toMatch(/vesna|zoran/);
  });

  it('stores a re-delivered callback once', async () => {
    const before = await stored();
    const body = message('bojan==', 'zdravo');
    const answers = await Promise.all([post(body), post(body), post(body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await stored()).toBe(before + 1);
  });

  it('answers each of many concurrent callbacks after its own message is stored', async () => {
    const before = await stored();
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => post(message(`many-${i}==`, `poruka ${i}`))),
    );
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(await stored()).toBe(before + 300);
  });

  it('refuses a wrong or missing signature at once with 401 and publishes nothing', async () => {
    const before = await stored();
    const body = message('cedo==', 'zdravo');
    expect((await post(body, { signature: 'deadbeef' })).status).toBe(401);
    expect((await postSignedCallback(webhookUrl, 'another-token', body)).status).toBe(401);
    const unsigned = await fetch(webhookUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
    expect(await stored()).toBe(before);
  });

  it('answers malformed JSON and an invalid callback with 400, a body over 1 MB with 413', async () => {
    const before = await stored();
    expect((await post('{"event":"message",')).status).toBe(400);
    const invalid = await post('{"event":"message","sender":{}}');
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({ error: 'malformed callback' });
    expect((await post(message('dara==', 'x'.repeat(1024 * 1024 + 10)))).status).toBe(413);
    expect(await stored()).toBe(before);
  });

  it('answers unknown event types and the webhook check with 200 and publishes nothing', async () => {
    const before = await stored();
    const unknown = `{"event":"client_status","timestamp":${Date.now()},"message_token":${nextToken()},"user_id":"ema=="}`;
    expect(await post(unknown)).toEqual({
      status: 200,
      body: '{"status":"ignored","event":"client_status"}',
    });
    const check = `{"event":"webhook","timestamp":${Date.now()},"chat_hostname":"SN-1_","message_token":${nextToken()}}`;
    expect((await post(check)).status).toBe(200);
    expect(await stored()).toBe(before);
  });

  it('answers conversation_started with the welcome message, once the event is stored', async () => {
    const before = await stored();
    const body = `{"event":"conversation_started","timestamp":${Date.now()},"message_token":${nextToken()},"type":"open","user":{"id":"filip==","name":"Filip"},"subscribed":false}`;
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      type: 'text',
      text: expect.any(String),
      sender: { name: expect.any(String) },
    });
    expect(await stored()).toBe(before + 1);
  });

  it('answers 503 when no stream takes the callback, so that Viber retries it', async () => {
    await gateway.runtime.messaging.deleteStream();
    try {
      expect((await post(message('goran==', 'zdravo'))).status).toBe(503);
    } finally {
      await gateway.runtime.messaging.ensureStream();
    }
    expect((await post(message('goran==', 'zdravo'))).status).toBe(200);
  });

  it('answers 503 when the broker connection is gone', async () => {
    await gateway.runtime.messaging.nc.close();
    expect((await post(message('hana==', 'zdravo'))).status).toBe(503);
  });
});
