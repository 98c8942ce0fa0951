import { once } from 'node:events';
import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  CitizenMessage,
  SimulatedCitizen,
  conversationStartedCallback,
  messageCallback,
  receiptCallback,
  subscriptionCallback,
  viberIdForSession,
} from './citizen-callbacks';
import { FakeDelivery, FakeViberApi } from './fake-viber-api';
import { MessageTokenSequence } from './message-token';
import { postSignedCallback } from './signed-callback';
import { SIMULATOR_CSP, SIMULATOR_PAGE_HTML, SIMULATOR_SCRIPT_JS } from './simulator-page';

export interface SimulatorOptions {
  /** Token the callbacks are signed with; the gateway must use the same. */
  authToken: string;
  /** The gateway's POST /viber/webhook. */
  gatewayWebhookUrl: string;
  /** Chat page port (default 3010; 0 picks a free one). */
  port?: number;
  /** Port of the fake Viber API the gateway sends to (default 3011; 0 picks a free one). */
  apiPort?: number;
  /** Pause before the `delivered` receipt; `seen` follows after the same pause again. */
  receiptDelayMs?: number;
  log?: (line: string) => void;
}

export interface RunningSimulator {
  /** The chat page, e.g. http://127.0.0.1:3010/ */
  url: string;
  /** The fake Viber API base, to use as the gateway's VIBER_API_URL. */
  apiUrl: string;
  fake: FakeViberApi;
  stop(): Promise<void>;
}

interface Session {
  citizen: SimulatedCitizen;
  /** Viber returns the tracking_data of the bot's last message with the citizen's next one. */
  trackingData?: string;
  /** Messages waiting for the phone (no open page) and open SSE streams to it. */
  pending: FakeDelivery[];
  streams: Set<ServerResponse>;
  subscribed: boolean;
}

const MAX_PENDING_PER_CITIZEN = 50;
const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * The local stand-in for a phone with Viber: a chat page that plays a citizen (its actions become
 * signed Viber callbacks to the gateway) and a FakeViberApi whose messages appear on that page.
 */
export async function startSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const log = opts.log ?? (() => undefined);
  const fake = new FakeViberApi({ authToken: opts.authToken, port: opts.apiPort ?? 3011 });
  await fake.start();
  const tokens = new MessageTokenSequence();
  const sessions = new Map<string, Session>();
  const receiptDelayMs = opts.receiptDelayMs ?? 300;
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const sendToGateway = async (payload: Record<string, unknown>) => {
    try {
      return await postSignedCallback(opts.gatewayWebhookUrl, opts.authToken, payload);
    } catch (e) {
      log(`gateway unreachable at ${opts.gatewayWebhookUrl}: ${(e as Error).message}`);
      return { status: 502, body: '' };
    }
  };

  const sessionFor = (sessionKey: string, name?: string, language?: string): Session => {
    const viberId = viberIdForSession(sessionKey);
    let session = sessions.get(viberId);
    if (!session) {
      session = {
        citizen: { viberId, name: 'Građanin' },
        pending: [],
        streams: new Set(),
        subscribed: false,
      };
      sessions.set(viberId, session);
    }
    if (name?.trim()) session.citizen.name = name.trim().slice(0, 100);
    if (language) session.citizen.language = language.slice(0, 16);
    fake.knowUser({
      id: viberId,
      name: session.citizen.name,
      language: session.citizen.language,
      country: 'ME',
      api_version: 10,
    });
    return session;
  };

  /** Shows a bot message on the open page, then acknowledges it like a phone: delivered, then seen. */
  const show = (session: Session, delivery: FakeDelivery) => {
    const data = JSON.stringify({ messageToken: delivery.messageToken, body: delivery.body });
    for (const stream of session.streams) stream.write(`event: message\ndata: ${data}\n\n`);
    if (typeof delivery.body.tracking_data === 'string') session.trackingData = delivery.body.tracking_data;
    later(receiptDelayMs, () => {
      void sendToGateway(receiptCallback('delivered', delivery.receiver, delivery.messageToken, Date.now()));
      later(
        receiptDelayMs,
        () =>
          void sendToGateway(receiptCallback('seen', delivery.receiver, delivery.messageToken, Date.now())),
      );
    });
  };

  const onDelivery = (delivery: FakeDelivery) => {
    const session = sessions.get(delivery.receiver);
    // Only citizens played in this browser have a phone here; other receivers (benchmarks) are ignored.
    if (!session) return;
    if (session.streams.size > 0) return show(session, delivery);
    session.pending.push(delivery);
    if (session.pending.length > MAX_PENDING_PER_CITIZEN) session.pending.shift();
  };
  fake.on('message', onDelivery);

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(e) }));
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': SIMULATOR_CSP,
        'x-frame-options': 'DENY',
      });
      res.end(SIMULATOR_PAGE_HTML);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/simulator.js') {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(SIMULATOR_SCRIPT_JS);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/events') return openStream(url, res);
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const input = await readJson(req);
      if (typeof input.session !== 'string' || !input.session)
        return json(res, 400, { error: 'session is required' });
      const session = sessionFor(input.session, stringOr(input.name), stringOr(input.language));
      switch (url.pathname) {
        case '/api/open':
          return open(session, res);
        case '/api/send':
          return send(session, input.message as CitizenMessage, res);
        case '/api/subscription':
          return subscription(session, input.subscribed === true, res);
      }
    }
    json(res, 404, { error: 'not found' });
  }

  function openStream(url: URL, res: ServerResponse) {
    const sessionKey = url.searchParams.get('session');
    if (!sessionKey) return json(res, 400, { error: 'session is required' });
    const session = sessionFor(sessionKey);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`event: ready\ndata: ${JSON.stringify({ viberId: session.citizen.viberId })}\n\n`);
    session.streams.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15000);
    res.on('close', () => {
      clearInterval(keepAlive);
      session.streams.delete(res);
    });
    for (const delivery of session.pending.splice(0)) show(session, delivery);
  }

  async function open(session: Session, res: ServerResponse) {
    const callback = conversationStartedCallback(
      session.citizen,
      session.subscribed,
      tokens.take(),
      Date.now(),
    );
    const answer = await sendToGateway(callback);
    // Viber shows the webhook's answer to conversation_started as the welcome message.
    let welcome: unknown = null;
    try {
      const parsed = answer.body ? JSON.parse(answer.body) : null;
      if (parsed && typeof parsed === 'object' && 'type' in parsed) welcome = parsed;
    } catch {
      // not a welcome message
    }
    if (welcome && typeof (welcome as { tracking_data?: unknown }).tracking_data === 'string') {
      session.trackingData = (welcome as { tracking_data: string }).tracking_data;
    }
    json(res, 200, {
      viberId: session.citizen.viberId,
      gatewayStatus: answer.status,
      welcome,
      subscribed: session.subscribed,
    });
  }

  async function send(session: Session, message: CitizenMessage, res: ServerResponse) {
    if (!isCitizenMessage(message)) return json(res, 400, { error: 'unsupported message' });
    const messageToken = tokens.take();
    const callback = messageCallback(
      session.citizen,
      message,
      messageToken,
      Date.now(),
      session.trackingData,
    );
    const answer = await sendToGateway(callback);
    if (answer.status === 200) {
      // A citizen's first message makes them a subscriber, without a `subscribed` callback.
      session.subscribed = true;
      fake.subscribed(session.citizen.viberId);
    }
    json(res, 200, { gatewayStatus: answer.status, messageToken });
  }

  async function subscription(session: Session, subscribed: boolean, res: ServerResponse) {
    const callback = subscriptionCallback(
      session.citizen,
      subscribed ? 'subscribed' : 'unsubscribed',
      tokens.take(),
      Date.now(),
    );
    const answer = await sendToGateway(callback);
    session.subscribed = subscribed;
    if (subscribed) fake.subscribed(session.citizen.viberId);
    else fake.unsubscribed(session.citizen.viberId);
    json(res, 200, { gatewayStatus: answer.status, subscribed });
  }

  server.listen(opts.port ?? 3010, '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch (e) {
    await fake.stop();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    apiUrl: fake.url,
    fake,
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      fake.off('message', onDelivery);
      for (const session of sessions.values()) for (const stream of session.streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.stop();
    },
  };
}

function isCitizenMessage(m: unknown): m is CitizenMessage {
  if (typeof m !== 'object' || m === null) return false;
  const msg = m as Record<string, unknown>;
  switch (msg.type) {
    case 'text':
      return typeof msg.text === 'string' && msg.text.length > 0 && msg.text.length <= 7000;
    case 'picture':
      return typeof msg.media === 'string' && /^https?:\/\//.test(msg.media);
    case 'location':
      return (
        typeof msg.lat === 'number' &&
        typeof msg.lon === 'number' &&
        Math.abs(msg.lat) <= 90 &&
        Math.abs(msg.lon) <= 180
      );
    case 'contact':
      return typeof msg.name === 'string' && typeof msg.phone_number === 'string';
    default:
      return false;
  }
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
