import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ViberApiClient } from './viber-api.client';
import { ViberMessageBody } from './outgoing-message';

const body: ViberMessageBody = { type: 'text', text: 'Zdravo', sender: { name: 'Opština Budva' } };

interface Captured {
  url: string;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

function stubFetch(answer: { status?: number; text: string }) {
  const calls: Captured[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({
      url,
      headers: init.headers as Record<string, string>,
      json: JSON.parse(init.body as string),
    });
    return new Response(answer.text, { status: answer.status ?? 200 });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const ok = '{"status":0,"status_message":"ok","message_token":5741311803571721087,"billing_status":0}';

describe('ViberApiClient', () => {
  it('POSTs send_message with the token header and the receiver, and reads the exact token', async () => {
    const { calls, fetchImpl } = stubFetch({ text: ok });
    const client = new ViberApiClient({
      baseUrl: 'http://127.0.0.1:9/pa/',
      authToken: 'tok',
      timeoutMs: 1000,
      fetchImpl,
    });
    const result = await client.sendMessage('abc==', body);
    expect(calls).toEqual([
      {
        url: 'http://127.0.0.1:9/pa/send_message',
        headers: { 'content-type': 'application/json', 'x-viber-auth-token': 'tok' },
        json: { receiver: 'abc==', ...body },
      },
    ]);
    expect(result).toMatchObject({ outcome: 'ok', messageToken: '5741311803571721087', billingStatus: 0 });
  });

  it('broadcasts to at most 300 receivers and returns the failed list', async () => {
    const { calls, fetchImpl } = stubFetch({
      text: '{"status":0,"status_message":"ok","message_token":1,"failed_list":[{"receiver":"b","status":6,"status_message":"notSubscribed"}]}',
    });
    const client = new ViberApiClient({
      baseUrl: 'http://127.0.0.1:9/pa',
      authToken: 't',
      timeoutMs: 1000,
      fetchImpl,
    });
    const result = await client.broadcastMessage(['a', 'b'], body);
    expect(calls[0].url).toBe('http://127.0.0.1:9/pa/broadcast_message');
    expect(calls[0].json.broadcast_list).toEqual(['a', 'b']);
    expect(calls[0].json).not.toHaveProperty('receiver');
    expect(result.outcome === 'ok' && result.failedList).toEqual([
      { receiver: 'b', status: 6, statusMessage: 'notSubscribed', outcome: 'permanent' },
    ]);

    const tooMany = await client.broadcastMessage(
      Array.from({ length: 301 }, (_, i) => `u${i}`),
      body,
    );
    expect(tooMany).toMatchObject({ outcome: 'permanent', reason: expect.stringMatching(/at most 300/) });
    expect(calls).toHaveLength(1);
  });

  it('sets the webhook with the default event types and reads user and account details', async () => {
    const { calls, fetchImpl } = stubFetch({
      text: '{"status":0,"status_message":"ok","user":{"id":"u","name":"Ana"}}',
    });
    const client = new ViberApiClient({
      baseUrl: 'http://127.0.0.1:9/pa',
      authToken: 't',
      timeoutMs: 1000,
      fetchImpl,
    });
    await client.setWebhook('https://budva.example/viber/webhook');
    expect(calls[0].json).toEqual({
      url: 'https://budva.example/viber/webhook',
      event_types: ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'],
      send_name: true,
      send_photo: true,
    });
    const details = await client.getUserDetails('u');
    expect(calls[1]).toMatchObject({ url: 'http://127.0.0.1:9/pa/get_user_details', json: { id: 'u' } });
    expect(details.outcome === 'ok' && details.response.user).toEqual({ id: 'u', name: 'Ana' });
    await client.getAccountInfo();
    expect(calls[2]).toMatchObject({ url: 'http://127.0.0.1:9/pa/get_account_info', json: {} });
  });

  it('classifies Viber statuses without retrying', async () => {
    const { calls, fetchImpl } = stubFetch({ text: '{"status":12,"status_message":"tooManyRequests"}' });
    const client = new ViberApiClient({
      baseUrl: 'http://127.0.0.1:9/pa',
      authToken: 't',
      timeoutMs: 1000,
      fetchImpl,
    });
    expect(await client.sendMessage('u', body)).toEqual({
      outcome: 'retry',
      reason: 'tooManyRequests',
      code: 12,
    });
    expect(calls).toHaveLength(1);
  });

  it('refuses a body over 30 KB without calling Viber', async () => {
    const { calls, fetchImpl } = stubFetch({ text: ok });
    const client = new ViberApiClient({
      baseUrl: 'http://127.0.0.1:9/pa',
      authToken: 't',
      timeoutMs: 1000,
      fetchImpl,
    });
    const result = await client.sendMessage('u', { ...body, text: 'x'.repeat(31 * 1024) });
    expect(result).toMatchObject({ outcome: 'permanent', reason: expect.stringMatching(/30 KB/) });
    expect(calls).toHaveLength(0);
  });

  describe('against a real HTTP server', () => {
    let server: Server;
    let baseUrl: string;
    const received: Array<{ token: unknown; body: unknown }> = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/pa/set_webhook') {
          let raw = '';
          req.on('data', (c) => (raw += c));
          req.on('end', () => {
            received.push({ token: req.headers['x-viber-auth-token'], body: JSON.parse(raw) });
            res.end('{"status":0,"status_message":"ok","event_types":["delivered"]}');
          });
          return;
        }
        if (req.url === '/pa/slow') return; // never answers
        if (req.url === '/pa/send_message') {
          setTimeout(() => res.end(ok), 500);
          return;
        }
        res.statusCode = 503;
        res.end('busy');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pa`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    it('posts the call with the token on a kept-alive connection and reads the answer', async () => {
      const client = new ViberApiClient({ baseUrl, authToken: 'secret-token', timeoutMs: 1000 });
      for (let i = 0; i < 3; i++)
        expect(await client.setWebhook('https://example.test/hook', ['delivered'])).toMatchObject({
          outcome: 'ok',
        });
      await client.close();
      expect(received).toHaveLength(3);
      expect(received[0]).toEqual({
        token: 'secret-token',
        body: {
          url: 'https://example.test/hook',
          event_types: ['delivered'],
          send_name: true,
          send_photo: true,
        },
      });
    });

    it('gives up after the time-out and calls it retryable', async () => {
      const client = new ViberApiClient({ baseUrl, authToken: 't', timeoutMs: 100 });
      const started = Date.now();
      const result = await client.sendMessage('u', body);
      expect(result).toMatchObject({ outcome: 'retry', reason: expect.stringMatching(/timed out/) });
      expect(Date.now() - started).toBeLessThan(450);
    });

    it('calls HTTP 503 retryable and a refused connection retryable', async () => {
      const client = new ViberApiClient({ baseUrl, authToken: 't', timeoutMs: 1000 });
      expect(await client.getAccountInfo()).toEqual({
        outcome: 'retry',
        reason: 'HTTP 503',
        httpStatus: 503,
      });
      const nowhere = new ViberApiClient({
        baseUrl: 'http://127.0.0.1:1/pa',
        authToken: 't',
        timeoutMs: 1000,
      });
      expect(await nowhere.getAccountInfo()).toMatchObject({
        outcome: 'retry',
        reason: expect.stringMatching(/ECONNREFUSED/),
      });
    });
  });
});
