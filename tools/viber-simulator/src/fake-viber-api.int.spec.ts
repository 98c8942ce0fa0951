import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ViberApiClient,
  ViberMessageBody,
  isValidViberSignature,
  parseViberCallback,
} from '@citizen-desk/viber';
import { FakeViberApi, FakeDelivery } from './fake-viber-api';

const token = 'fake-api-test-token';
const text: ViberMessageBody = { type: 'text', text: 'Zdravo', sender: { name: 'Opština Budva' } };

describe('FakeViberApi', () => {
  let fake: FakeViberApi;
  let client: ViberApiClient;

  beforeAll(async () => {
    fake = new FakeViberApi({ authToken: token });
    await fake.start();
    client = new ViberApiClient({ baseUrl: fake.url, authToken: token, timeoutMs: 2000 });
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.delayMs = 0;
  });

  it('serves on 127.0.0.1 under /pa', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pa$/);
  });

  it('accepts a message, records it and answers a unique 64-bit token written as a bare integer', async () => {
    const raw = async () => {
      const res = await fetch(`${fake.url}/send_message`, {
        method: 'POST',
        headers: { 'x-viber-auth-token': token, 'content-type': 'application/json' },
        body: JSON.stringify({ receiver: 'u1', ...text }),
      });
      return res.text();
    };
    const first = await raw();
    const second = await raw();
    const tokenOf = (t: string) => /"message_token":(\d+)[,}]/.exec(t)?.[1];
    expect(tokenOf(first)).toBeDefined();
    expect(BigInt(tokenOf(first)!) > 2n ** 53n).toBe(true);
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    expect(JSON.parse(first)).toMatchObject({
      status: 0,
      status_message: 'ok',
      billing_status: 0,
      chat_hostname: expect.any(String),
    });

    const viaClient = await client.sendMessage('u2', text);
    expect(viaClient.outcome).toBe('ok');
    if (viaClient.outcome !== 'ok') return;
    expect(BigInt(viaClient.messageToken!)).toBe(BigInt(tokenOf(second)!) + 1n);

    expect(fake.sentMessages()).toEqual([
      { receiver: 'u1', ...text },
      { receiver: 'u1', ...text },
      { receiver: 'u2', ...text },
    ]);
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/pa/send_message',
      '/pa/send_message',
      '/pa/send_message',
    ]);
    expect(fake.requests[0].at).toBeInstanceOf(Date);
  });

  it('answers status 2 to a wrong token and delivers nothing', async () => {
    const wrong = new ViberApiClient({ baseUrl: fake.url, authToken: 'wrong', timeoutMs: 2000 });
    expect(await wrong.sendMessage('u1', text)).toEqual({
      outcome: 'permanent',
      reason: 'invalidAuthToken',
      code: 2,
    });
    expect(fake.sentMessages()).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects bad data like Viber', async () => {
    expect(await client.sendMessage('u1', { ...text, type: 'hologram' as 'text' })).toMatchObject({
      outcome: 'permanent',
      code: 3,
    });
    expect(await client.sendMessage('', text)).toMatchObject({ outcome: 'permanent', code: 4 });
    const big = await fetch(`${fake.url}/send_message`, {
      method: 'POST',
      headers: { 'x-viber-auth-token': token },
      body: JSON.stringify({ receiver: 'u1', ...text, text: 'x'.repeat(31 * 1024) }),
    });
    expect(await big.json()).toMatchObject({ status: 3, status_message: expect.stringMatching(/30 KB/) });
    expect(fake.sentMessages()).toEqual([]);
  });

  it('answers status 6 to an unsubscribed receiver and lists it in a broadcast failed_list', async () => {
    fake.unsubscribed('gone');
    expect(await client.sendMessage('gone', text)).toEqual({
      outcome: 'permanent',
      reason: 'notSubscribed',
      code: 6,
    });
    const broadcast = await client.broadcastMessage(['a', 'gone', 'b'], text);
    expect(broadcast).toMatchObject({
      outcome: 'ok',
      failedList: [{ receiver: 'gone', status: 6, statusMessage: 'notSubscribed', outcome: 'permanent' }],
    });
    expect(fake.deliveries().map((d) => [d.receiver, d.via])).toEqual([
      ['a', 'broadcast_message'],
      ['b', 'broadcast_message'],
    ]);
    fake.subscribed('gone');
    expect((await client.sendMessage('gone', text)).outcome).toBe('ok');
  });

  it('rejects a broadcast to more than 300 receivers with status 3', async () => {
    const res = await fetch(`${fake.url}/broadcast_message`, {
      method: 'POST',
      headers: { 'x-viber-auth-token': token },
      body: JSON.stringify({ broadcast_list: Array.from({ length: 301 }, (_, i) => `u${i}`), ...text }),
    });
    expect(await res.json()).toMatchObject({ status: 3 });
    expect(fake.deliveries()).toEqual([]);
    const ok = await client.broadcastMessage(
      Array.from({ length: 300 }, (_, i) => `u${i}`),
      text,
    );
    expect(ok.outcome).toBe('ok');
    expect(fake.deliveries()).toHaveLength(300);
  });

  it('injects HTTP and Viber failures for the next n calls, then recovers', async () => {
    fake.failNext(2, { httpStatus: 503 });
    fake.failNext(1, { viberStatus: 12, statusMessage: 'tooManyRequests' });
    expect(await client.sendMessage('u1', text)).toMatchObject({ outcome: 'retry', httpStatus: 503 });
    expect(await client.broadcastMessage(['u1'], text)).toMatchObject({ outcome: 'retry', httpStatus: 503 });
    expect(await client.sendMessage('u1', text)).toEqual({
      outcome: 'retry',
      reason: 'tooManyRequests',
      code: 12,
    });
    expect((await client.sendMessage('u1', text)).outcome).toBe('ok');
    expect(fake.sentMessages()).toHaveLength(1);
    expect(fake.requests).toHaveLength(4);
  });

  it('delays answers so clients time out', async () => {
    fake.delayMs = 300;
    const impatient = new ViberApiClient({ baseUrl: fake.url, authToken: token, timeoutMs: 50 });
    expect(await impatient.sendMessage('u1', text)).toMatchObject({
      outcome: 'retry',
      reason: expect.stringMatching(/timed out/),
    });
  });

  it('emits each delivery and lets a test wait for messages', async () => {
    const seen: FakeDelivery[] = [];
    fake.on('message', (d: FakeDelivery) => seen.push(d));
    const waiting = fake.waitForMessages(2, 2000);
    await client.sendMessage('u1', text);
    await client.sendMessage('u2', { ...text, text: 'drugi' });
    const messages = await waiting;
    expect(messages.map((m) => m.text)).toEqual(['Zdravo', 'drugi']);
    expect(seen.map((d) => d.receiver)).toEqual(['u1', 'u2']);
    await expect(fake.waitForMessages(5, 50)).rejects.toThrow(/timed out after 50 ms waiting for 5 messages/);
  });

  it('answers user details, account info and online status', async () => {
    fake.knowUser({ id: 'u9', name: 'Ana' });
    const details = await client.getUserDetails('u9');
    expect(details.outcome === 'ok' && details.response.user).toMatchObject({
      id: 'u9',
      name: 'Ana',
      country: 'ME',
    });
    const account = await client.getAccountInfo();
    expect(account.outcome === 'ok' && account.response).toMatchObject({
      status: 0,
      name: 'Opština Budva (simulator)',
    });
    const online = await fetch(`${fake.url}/get_online`, {
      method: 'POST',
      headers: { 'x-viber-auth-token': token },
      body: JSON.stringify({ ids: ['u9'] }),
    });
    expect(await online.json()).toMatchObject({ status: 0, users: [{ id: 'u9', online_status: 0 }] });
  });

  describe('set_webhook', () => {
    let webhook: Server;
    let webhookUrl: string;
    let answerWith = 200;
    const received: Array<{ body: Buffer; signature: string | undefined }> = [];

    beforeAll(async () => {
      webhook = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({
            body: Buffer.concat(chunks),
            signature: req.headers['x-viber-content-signature'] as string | undefined,
          });
          res.statusCode = answerWith;
          res.end();
        });
      });
      await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
      webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/viber/webhook`;
    });
    afterAll(async () => {
      webhook.closeAllConnections();
      await new Promise((r) => webhook.close(r));
    });

    it('calls the webhook with a signed webhook event and registers it on a 200', async () => {
      answerWith = 200;
      received.length = 0;
      const result = await client.setWebhook(webhookUrl, ['delivered', 'seen']);
      expect(result).toMatchObject({
        outcome: 'ok',
        response: { status: 0, event_types: ['delivered', 'seen'] },
      });
      expect(received).toHaveLength(1);
      expect(isValidViberSignature(received[0].body, received[0].signature, token)).toBe(true);
      const parsed = parseViberCallback(received[0].body);
      expect(parsed).toMatchObject({ kind: 'known', callback: { event: 'webhook' } });
      expect(received[0].body.toString()).toMatch(/"message_token":\d{17,}[,}]/);
      expect(fake.webhookUrl).toBe(webhookUrl);
    });

    it('answers status 1 when the webhook does not answer 200, and refuses hosts other than 127.0.0.1', async () => {
      answerWith = 401;
      fake.webhookUrl = undefined;
      expect(await client.setWebhook(webhookUrl)).toMatchObject({ outcome: 'permanent', code: 1 });
      expect(fake.webhookUrl).toBeUndefined();
      expect(await client.setWebhook('https://example.com/hook')).toMatchObject({
        outcome: 'permanent',
        code: 1,
      });
    });
  });
});
