import { EventEmitter, once } from 'node:events';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { VIBER_MAX_BODY_BYTES, parseViberJson, signViberBody, stringifyViberJson } from '@citizen-desk/viber';
import { MessageTokenSequence } from './message-token';
import { ViberRejection, checkBroadcastMessage, checkSendMessage } from './viber-request-check';

export interface FakeViberApiOptions {
  authToken: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Delay before every answer, to exercise time-outs and concurrency. */
  delayMs?: number;
  accountName?: string;
}

export interface RecordedRequest {
  path: string;
  body: unknown;
  at: Date;
}

/** One message that reached one receiver (a broadcast yields one per receiver not in its failed_list). */
export interface FakeDelivery {
  receiver: string;
  messageToken: string;
  body: Record<string, unknown>;
  via: 'send_message' | 'broadcast_message';
}

/** A send_message body the fake accepted, as the tests read it: what the citizen was shown. */
export interface SentViberMessage {
  receiver: string;
  type: string;
  text?: string;
  sender?: { name: string; avatar?: string };
  keyboard?: { Type: string; Buttons: Array<{ ActionBody: string; Text: string; [field: string]: unknown }> };
  [field: string]: unknown;
}

export type InjectedFailure = { httpStatus: number } | { viberStatus: number; statusMessage?: string };

export interface FakeViberUser {
  id: string;
  name?: string;
  avatar?: string;
  country?: string;
  language?: string;
  api_version?: number;
}

const CHAT_HOSTNAME = 'SN-CHAT-SIM_';
const PREFIX = '/pa/';

/**
 * A stand-in for Viber's REST Bot API on 127.0.0.1, for end-to-end tests, benchmarks and the local
 * simulator. Answers like Viber (status codes in a 200 body, 64-bit message tokens written as bare
 * integers) and records every request. Emits `message` (FakeDelivery) per message that reached a receiver.
 */
export class FakeViberApi extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  delayMs: number;
  webhookUrl: string | undefined;
  webhookEventTypes: string[] | undefined;

  private server: Server | undefined;
  private readonly tokens = new MessageTokenSequence();
  private readonly notSubscribed = new Set<string>();
  private readonly users = new Map<string, FakeViberUser>();
  private readonly deliveryLog: FakeDelivery[] = [];
  private readonly sent: SentViberMessage[] = [];
  private failures: Array<InjectedFailure> = [];
  private readonly rateLimited = new Map<string, number>();

  constructor(private readonly opts: FakeViberApiOptions) {
    super();
    // Tests and the simulator may wait on many conditions at once.
    this.setMaxListeners(0);
    this.delayMs = opts.delayMs ?? 0;
  }

  get port(): number {
    if (!this.server) throw new Error('FakeViberApi is not started');
    return (this.server.address() as AddressInfo).port;
  }

  /** Base URL, as a gateway's VIBER_API_URL: `http://127.0.0.1:<port>/pa`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/pa`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      });
    });
    server.keepAliveTimeout = 5000;
    server.listen(this.opts.port ?? 0, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `n` send_message/broadcast_message calls fail this way. */
  failNext(n: number, failure: InjectedFailure): void {
    for (let i = 0; i < n; i++) this.failures.push(failure);
  }

  /** The citizen unsubscribed: send_message answers 6, broadcasts list them in failed_list. */
  unsubscribed(viberId: string): void {
    this.notSubscribed.add(viberId);
  }

  /** The next `times` broadcasts to this receiver list it in failed_list with status 12 (rate limit). */
  rateLimitReceiver(viberId: string, times = 1): void {
    this.rateLimited.set(viberId, times);
  }

  subscribed(viberId: string): void {
    this.notSubscribed.delete(viberId);
  }

  /** Profile that get_user_details answers for this id. */
  knowUser(user: FakeViberUser): void {
    this.users.set(user.id, { ...this.users.get(user.id), ...user });
  }

  /** Bodies of the send_message calls that were accepted, in order. */
  sentMessages(): SentViberMessage[] {
    return [...this.sent];
  }

  /** Every message that reached a receiver, by send_message or broadcast, in order. */
  deliveries(): FakeDelivery[] {
    return [...this.deliveryLog];
  }

  waitForMessages(n: number, timeoutMs = 5000): Promise<SentViberMessage[]> {
    return this.waitUntil(
      () => this.sent.length >= n,
      () => this.sentMessages(),
      `${n} messages (got ${this.sent.length})`,
      timeoutMs,
    );
  }

  waitForDeliveries(n: number, timeoutMs = 5000): Promise<FakeDelivery[]> {
    return this.waitUntil(
      () => this.deliveryLog.length >= n,
      () => this.deliveries(),
      `${n} deliveries (got ${this.deliveryLog.length})`,
      timeoutMs,
    );
  }

  /** Forgets recorded requests, deliveries, injected failures and unsubscriptions. */
  reset(): void {
    this.requests.length = 0;
    this.deliveryLog.length = 0;
    this.sent.length = 0;
    this.failures = [];
    this.notSubscribed.clear();
    this.rateLimited.clear();
  }

  private waitUntil<T>(done: () => boolean, value: () => T, what: string, timeoutMs: number): Promise<T> {
    if (done()) return Promise.resolve(value());
    return new Promise((resolve, reject) => {
      const onMessage = () => {
        if (!done()) return;
        cleanup();
        resolve(value());
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`FakeViberApi: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('message', onMessage);
      };
      this.on('message', onMessage);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'POST' || !path.startsWith(PREFIX)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const endpoint = path.slice(PREFIX.length);
    const raw = await readBody(req);
    let body: unknown = raw.toString('utf8');
    try {
      body = parseViberJson(raw);
    } catch {
      // recorded as text; answered below as bad data
    }
    this.requests.push({ path, body, at: new Date() });
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));

    const answer = (payload: Record<string, unknown>, httpStatus = 200) => {
      res.writeHead(httpStatus, { 'content-type': 'application/json' }).end(stringifyViberJson(payload));
    };
    const reject = (r: ViberRejection) =>
      answer({ status: r.status, status_message: r.statusMessage, chat_hostname: CHAT_HOSTNAME });

    if (req.headers['x-viber-auth-token'] !== this.opts.authToken) {
      return reject({ status: 2, statusMessage: 'invalidAuthToken' });
    }
    if (raw.length > VIBER_MAX_BODY_BYTES) {
      return reject({ status: 3, statusMessage: `badData: body of ${raw.length} bytes is over 30 KB` });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reject({ status: 3, statusMessage: 'badData: body is not a JSON object' });
    }
    const payload = body as Record<string, unknown>;

    if (endpoint === 'send_message' || endpoint === 'broadcast_message') {
      const failure = this.failures.shift();
      if (failure && 'httpStatus' in failure) {
        res.writeHead(failure.httpStatus, { 'content-type': 'text/plain' }).end('injected failure');
        return;
      }
      if (failure)
        return reject({
          status: failure.viberStatus,
          statusMessage: failure.statusMessage ?? `injected status ${failure.viberStatus}`,
        });
    }

    switch (endpoint) {
      case 'send_message':
        return answer(this.sendMessage(payload));
      case 'broadcast_message':
        return answer(this.broadcastMessage(payload));
      case 'set_webhook':
        return answer(await this.setWebhook(payload));
      case 'get_user_details':
        return answer(this.userDetails(payload));
      case 'get_account_info':
        return answer(this.accountInfo());
      case 'get_online':
        return answer(this.online(payload));
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  }

  private sendMessage(body: Record<string, unknown>): Record<string, unknown> {
    const rejection = checkSendMessage(body);
    if (rejection) return { status: rejection.status, status_message: rejection.statusMessage };
    const receiver = body.receiver as string;
    if (this.notSubscribed.has(receiver)) return { status: 6, status_message: 'notSubscribed' };
    const messageToken = this.tokens.take();
    this.sent.push(body as SentViberMessage); // checkSendMessage has checked receiver, type and keyboard
    this.deliver({ receiver, messageToken, body, via: 'send_message' });
    return {
      status: 0,
      status_message: 'ok',
      message_token: messageToken,
      chat_hostname: CHAT_HOSTNAME,
      billing_status: 0,
    };
  }

  private broadcastMessage(body: Record<string, unknown>): Record<string, unknown> {
    const rejection = checkBroadcastMessage(body);
    if (rejection) return { status: rejection.status, status_message: rejection.statusMessage };
    const messageToken = this.tokens.take();
    const failedList: Array<{ receiver: string; status: number; status_message: string }> = [];
    const { broadcast_list: list, ...message } = body;
    for (const receiver of list as string[]) {
      if (this.notSubscribed.has(receiver)) {
        failedList.push({ receiver, status: 6, status_message: 'notSubscribed' });
        continue;
      }
      const limited = this.rateLimited.get(receiver) ?? 0;
      if (limited > 0) {
        this.rateLimited.set(receiver, limited - 1);
        failedList.push({ receiver, status: 12, status_message: 'tooManyRequests' });
        continue;
      }
      this.deliver({ receiver, messageToken, body: { ...message, receiver }, via: 'broadcast_message' });
    }
    return { status: 0, status_message: 'ok', message_token: messageToken, failed_list: failedList };
  }

  private deliver(delivery: FakeDelivery): void {
    this.deliveryLog.push(delivery);
    this.emit('message', delivery);
  }

  /** Like Viber: first calls the webhook with a signed `webhook` event and only registers it on a 200. */
  private async setWebhook(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (typeof body.url !== 'string') return { status: 4, status_message: 'missingData: url' };
    if (body.url === '') {
      this.webhookUrl = undefined;
      return { status: 0, status_message: 'ok' };
    }
    let url: URL;
    try {
      url = new URL(body.url);
    } catch {
      return { status: 1, status_message: 'invalidUrl' };
    }
    // The fake only ever calls this machine.
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      return {
        status: 1,
        status_message: `invalidUrl: the simulator only calls 127.0.0.1, not ${url.hostname}`,
      };
    }
    const check = stringifyViberJson({
      event: 'webhook',
      timestamp: Date.now(),
      chat_hostname: CHAT_HOSTNAME,
      message_token: this.tokens.take(),
    });
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-viber-content-signature': signViberBody(check, this.opts.authToken),
        },
        body: check,
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      if (response.status !== 200)
        return { status: 1, status_message: `invalidUrl: webhook answered HTTP ${response.status}` };
    } catch (e) {
      return { status: 1, status_message: `invalidUrl: ${(e as Error).message}` };
    }
    this.webhookUrl = body.url;
    const eventTypes = Array.isArray(body.event_types)
      ? (body.event_types as string[])
      : ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'];
    this.webhookEventTypes = eventTypes;
    return { status: 0, status_message: 'ok', event_types: eventTypes };
  }

  private userDetails(body: Record<string, unknown>): Record<string, unknown> {
    if (typeof body.id !== 'string' || !body.id) return { status: 4, status_message: 'missingData: id' };
    const known = this.users.get(body.id);
    return {
      status: 0,
      status_message: 'ok',
      message_token: this.tokens.take(),
      user: {
        id: body.id,
        name: known?.name ?? 'Građanin',
        avatar: known?.avatar,
        country: known?.country ?? 'ME',
        language: known?.language ?? 'sr',
        api_version: known?.api_version ?? 10,
        primary_device_os: 'Simulator',
        viber_version: '21.0.0',
        device_type: 'browser',
        mcc: 297,
        mnc: 1,
      },
    };
  }

  private accountInfo(): Record<string, unknown> {
    return {
      status: 0,
      status_message: 'ok',
      id: 'pa:simulator',
      name: this.opts.accountName ?? 'Opština Budva (simulator)',
      uri: 'opstinabudva',
      icon: '',
      background: '',
      category: 'Government',
      subcategory: 'Municipality',
      location: { lat: 42.2864, lon: 18.84 },
      country: 'ME',
      webhook: this.webhookUrl ?? '',
      event_types: this.webhookEventTypes ?? [],
      subscribers_count: this.users.size,
      members: [],
    };
  }

  private online(body: Record<string, unknown>): Record<string, unknown> {
    const ids = body.ids;
    if (!Array.isArray(ids) || ids.length === 0) return { status: 4, status_message: 'missingData: ids' };
    if (ids.length > 100) return { status: 3, status_message: 'badData: at most 100 ids' };
    return {
      status: 0,
      status_message: 'ok',
      users: ids.map((id) => ({ id, online_status: 0, online_status_message: 'online' })),
    };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
