import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ViberApiClient,
  isValidViberSignature,
  parseViberCallback,
  toViberMessage,
} from '@citizen-desk/viber';
import { eventually } from '@citizen-desk/testing';
import { RunningSimulator, startSimulator } from './simulator-server';
import { viberIdForSession } from './citizen-callbacks';

const token = 'simulator-test-token';

interface Received {
  raw: Buffer;
  signature: string | undefined;
}

/** A stub gateway webhook: records each callback and answers conversation_started with a welcome. */
async function startStubWebhook(received: Received[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ raw, signature: req.headers['x-viber-content-signature'] as string | undefined });
      const parsed = parseViberCallback(raw);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (parsed.kind === 'known' && parsed.callback.event === 'conversation_started') {
        res.end(
          JSON.stringify({
            sender: { name: 'Opština Budva' },
            type: 'text',
            text: 'Dobro došli!',
            tracking_data: 'welcome',
          }),
        );
      } else res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/viber/webhook` };
}

/** Reads Server-Sent Events from the simulator until `count` `message` events arrived. */
async function readSseMessages(url: string, count: number, onReady: () => Promise<void>): Promise<unknown[]> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const messages: unknown[] = [];
  let buffer = '';
  let ready = false;
  try {
    while (messages.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'ready' && !ready) {
          ready = true;
          await onReady();
        }
        if (event === 'message' && data) messages.push(JSON.parse(data));
      }
    }
  } finally {
    controller.abort();
  }
  return messages;
}

/** The callbacks about one citizen: receipts of earlier tests may still be arriving for others. */
function callbacksAbout(received: Received[], viberId: string): Received[] {
  return received.filter((r) => {
    const parsed = parseViberCallback(r.raw);
    if (parsed.kind !== 'known') return false;
    const c = parsed.callback as Record<string, unknown> & {
      user?: { id: string };
      sender?: { id: string };
      user_id?: string;
    };
    return (c.user?.id ?? c.sender?.id ?? c.user_id) === viberId;
  });
}

describe('viber simulator', () => {
  const received: Received[] = [];
  let webhook: { server: Server; url: string };
  let simulator: RunningSimulator;

  beforeAll(async () => {
    webhook = await startStubWebhook(received);
    simulator = await startSimulator({
      authToken: token,
      gatewayWebhookUrl: webhook.url,
      port: 0,
      apiPort: 0,
      receiptDelayMs: 10,
    });
  });
  afterAll(async () => {
    await simulator.stop();
    webhook.server.closeAllConnections();
    await new Promise((r) => webhook.server.close(r));
  });
  beforeEach(() => {
    received.length = 0;
  });

  const post = async (path: string, body: object) => {
    const res = await fetch(new URL(path, simulator.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('serves the chat page, its script as a file and a CSP without inline script', async () => {
    const res = await fetch(simulator.url);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const html = await res.text();
    expect(html).toContain('Opština Budva');
    expect(html).not.toMatch(/<script>/);
    const script = await fetch(new URL('/simulator.js', simulator.url));
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('EventSource');
    expect(simulator.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pa$/);
  });

  it('opening the chat sends conversation_started and returns the welcome message', async () => {
    const opened = await post('/api/open', { session: 'open-1', name: 'Ana' });
    expect(opened.body).toMatchObject({
      gatewayStatus: 200,
      welcome: { type: 'text', text: 'Dobro došli!' },
    });
    const about = callbacksAbout(received, viberIdForSession('open-1'));
    expect(about).toHaveLength(1);
    expect(isValidViberSignature(about[0].raw, about[0].signature, token)).toBe(true);
    expect(parseViberCallback(about[0].raw)).toMatchObject({
      kind: 'known',
      callback: {
        event: 'conversation_started',
        user: { id: viberIdForSession('open-1'), name: 'Ana' },
        subscribed: false,
      },
    });
  });

  it('posting a chat message delivers a correctly signed Viber message callback to the webhook', async () => {
    await post('/api/open', { session: 'chat-1', name: 'Marko' });
    received.length = 0;
    const sent = await post('/api/send', {
      session: 'chat-1',
      name: 'Marko',
      message: { type: 'text', text: 'Radno vrijeme?' },
    });
    expect(sent.body.gatewayStatus).toBe(200);
    const about = callbacksAbout(received, viberIdForSession('chat-1'));
    expect(about).toHaveLength(1);
    const { raw, signature } = about[0];
    expect(isValidViberSignature(raw, signature, token)).toBe(true);
    expect(isValidViberSignature(raw, signature, 'another-token')).toBe(false);
    // Written like Viber: message_token as a bare 64-bit integer, the same one the page was told.
    expect(raw.toString()).toContain(`"message_token":${sent.body.messageToken as string}`);
    expect(BigInt(sent.body.messageToken as string) > 2n ** 53n).toBe(true);
    const parsed = parseViberCallback(raw);
    expect(parsed).toMatchObject({
      kind: 'known',
      callback: {
        event: 'message',
        message_token: sent.body.messageToken,
        sender: { id: viberIdForSession('chat-1'), name: 'Marko', api_version: 10 },
        // the welcome message's tracking_data comes back with the next message, as on Viber
        message: { type: 'text', text: 'Radno vrijeme?', tracking_data: 'welcome' },
      },
    });
    const second = await post('/api/send', {
      session: 'chat-1',
      message: { type: 'location', lat: 42.28, lon: 18.84 },
    });
    expect(second.body.messageToken).not.toBe(sent.body.messageToken);
    expect(parseViberCallback(callbacksAbout(received, viberIdForSession('chat-1'))[1].raw)).toMatchObject({
      callback: {
        sender: { id: viberIdForSession('chat-1') },
        message: { type: 'location', location: { lat: 42.28, lon: 18.84 } },
      },
    });
  });

  it('refuses unusable requests', async () => {
    expect((await post('/api/send', { message: { type: 'text', text: 'x' } })).status).toBe(400);
    expect((await post('/api/send', { session: 's', message: { type: 'sticker' } })).status).toBe(400);
    expect(callbacksAbout(received, viberIdForSession('s'))).toHaveLength(0);
  });

  it('shows a message sent to the fake Viber API on the SSE stream and answers with delivered and seen', async () => {
    const session = 'sse-1';
    const viberId = viberIdForSession(session);
    const client = new ViberApiClient({ baseUrl: simulator.apiUrl, authToken: token, timeoutMs: 2000 });
    const body = toViberMessage(
      {
        kind: 'text',
        text: 'Radno vrijeme je 8–15h.',
        trackingData: 'topic:hours',
        keyboard: { buttons: [{ label: 'Meni', action: 'reply', value: 'menu:main' }] },
      },
      { sender: { name: 'Opština Budva' } },
    );
    let token64 = '';
    const messages = await readSseMessages(`${simulator.url}events?session=${session}`, 1, async () => {
      const result = await client.sendMessage(viberId, body);
      if (result.outcome !== 'ok') throw new Error(`send failed: ${JSON.stringify(result)}`);
      token64 = result.messageToken!;
    });
    expect(messages).toEqual([{ messageToken: token64, body: { receiver: viberId, ...body } }]);

    const receipts = await eventually(() => {
      const events = callbacksAbout(received, viberId).map((r) => {
        expect(isValidViberSignature(r.raw, r.signature, token)).toBe(true);
        const parsed = parseViberCallback(r.raw);
        return parsed.kind === 'known' ? parsed.callback : null;
      });
      return events.length >= 2 ? events : undefined;
    });
    expect(receipts.map((e) => e && [e.event, e.message_token, 'user_id' in e && e.user_id])).toEqual([
      ['delivered', token64, viberId],
      ['seen', token64, viberId],
    ]);
  });

  it('keeps messages for a citizen whose page is closed and shows them when it opens', async () => {
    const session = 'offline-1';
    const viberId = viberIdForSession(session);
    await post('/api/open', { session });
    const client = new ViberApiClient({ baseUrl: simulator.apiUrl, authToken: token, timeoutMs: 2000 });
    const body = toViberMessage(
      { kind: 'url', url: 'https://budva.me' },
      { sender: { name: 'Opština Budva' } },
    );
    expect((await client.sendMessage(viberId, body)).outcome).toBe('ok');
    const messages = await readSseMessages(
      `${simulator.url}events?session=${session}`,
      1,
      async () => undefined,
    );
    expect(messages).toMatchObject([{ body: { type: 'url', media: 'https://budva.me' } }]);
  });

  it('unsubscribing sends the callback and makes the fake answer status 6', async () => {
    const session = 'unsub-1';
    await post('/api/open', { session });
    received.length = 0;
    const res = await post('/api/subscription', { session, subscribed: false });
    expect(res.body).toEqual({ gatewayStatus: 200, subscribed: false });
    expect(parseViberCallback(callbacksAbout(received, viberIdForSession(session))[0].raw)).toMatchObject({
      callback: { event: 'unsubscribed', user_id: viberIdForSession(session) },
    });
    const client = new ViberApiClient({ baseUrl: simulator.apiUrl, authToken: token, timeoutMs: 2000 });
    const body = toViberMessage({ kind: 'text', text: 'x' }, { sender: { name: 'B' } });
    expect(await client.sendMessage(viberIdForSession(session), body)).toMatchObject({
      outcome: 'permanent',
      code: 6,
    });
  });

  it('reports an unreachable gateway as 502 to the page', async () => {
    const lonely = await startSimulator({
      authToken: token,
      gatewayWebhookUrl: 'http://127.0.0.1:1/viber/webhook',
      port: 0,
      apiPort: 0,
    });
    try {
      const res = await fetch(new URL('/api/open', lonely.url), {
        method: 'POST',
        body: JSON.stringify({ session: 'x' }),
      });
      expect(await res.json()).toMatchObject({ gatewayStatus: 502, welcome: null });
    } finally {
      await lonely.stop();
    }
  });
});
