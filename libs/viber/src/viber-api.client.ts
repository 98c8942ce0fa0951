import { MAX_BROADCAST_RECEIVERS } from '@citizen-desk/contracts';
import { Agent, Dispatcher, request } from 'undici';
import { VIBER_MAX_BODY_BYTES, ViberMessageBody } from './outgoing-message';
import { ViberCallResult, classifyViberResult } from './viber-result';

export interface ViberApiClientOptions {
  /** e.g. `https://chatapi.viber.com/pa`, or the simulator's `http://127.0.0.1:3011/pa`. */
  baseUrl: string;
  authToken: string;
  timeoutMs: number;
  /** Replaces the HTTP transport (tests); by default undici's `request` on a keep-alive pool. */
  fetchImpl?: typeof fetch;
  /** Most connections kept open to the API (default 64). */
  connections?: number;
}

interface HttpAnswer {
  status: number;
  bodyText: string;
}

export const VIBER_EVENT_TYPES = [
  'delivered',
  'seen',
  'failed',
  'subscribed',
  'unsubscribed',
  'conversation_started',
] as const;

/**
 * The Viber REST API, one call per method. Makes exactly one HTTP request and classifies what came back;
 * retrying, rate budgets and recording outcomes belong to the gateway's sender.
 */
export class ViberApiClient {
  private readonly baseUrl: string;
  private readonly post: (url: string, headers: Record<string, string>, body: string) => Promise<HttpAnswer>;
  private readonly agent?: Agent;

  constructor(private readonly opts: ViberApiClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    const { fetchImpl } = opts;
    if (fetchImpl) this.post = (url, headers, body) => this.postWithFetch(fetchImpl, url, headers, body);
    else {
      // undici's own request costs a fraction of the CPU of fetch (no WHATWG streams per call): the
      // sender makes one call per reply, so that difference is paid per citizen message.
      const agent = new Agent({ connections: opts.connections ?? 64, keepAliveTimeout: 30_000 });
      this.agent = agent;
      this.post = (url, headers, body) => this.postWithUndici(agent, url, headers, body);
    }
  }

  /** Closes the kept-alive connections. */
  async close(): Promise<void> {
    await this.agent?.close();
  }

  sendMessage(receiverViberId: string, body: ViberMessageBody): Promise<ViberCallResult> {
    return this.call('send_message', { receiver: receiverViberId, ...body });
  }

  broadcastMessage(viberIds: string[], body: ViberMessageBody): Promise<ViberCallResult> {
    if (viberIds.length === 0)
      return Promise.resolve({ outcome: 'permanent', reason: 'broadcast without receivers' });
    if (viberIds.length > MAX_BROADCAST_RECEIVERS) {
      return Promise.resolve({
        outcome: 'permanent',
        reason: `broadcast to ${viberIds.length} receivers; Viber takes at most ${MAX_BROADCAST_RECEIVERS} per call`,
      });
    }
    return this.call('broadcast_message', { broadcast_list: viberIds, ...body });
  }

  setWebhook(
    url: string,
    eventTypes: readonly string[] = VIBER_EVENT_TYPES,
    sendName = true,
    sendPhoto = true,
  ): Promise<ViberCallResult> {
    return this.call('set_webhook', {
      url,
      event_types: eventTypes,
      send_name: sendName,
      send_photo: sendPhoto,
    });
  }

  getUserDetails(viberId: string): Promise<ViberCallResult> {
    return this.call('get_user_details', { id: viberId });
  }

  getAccountInfo(): Promise<ViberCallResult> {
    return this.call('get_account_info', {});
  }

  private async call(endpoint: string, payload: object): Promise<ViberCallResult> {
    const text = JSON.stringify(payload);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > VIBER_MAX_BODY_BYTES) {
      return { outcome: 'permanent', reason: `request body is ${bytes} bytes, over Viber's 30 KB limit` };
    }
    try {
      const { status, bodyText } = await this.post(
        `${this.baseUrl}/${endpoint}`,
        { 'content-type': 'application/json', 'x-viber-auth-token': this.opts.authToken },
        text,
      );
      return classifyViberResult({ kind: 'response', httpStatus: status, bodyText });
    } catch (error) {
      return classifyViberResult({ kind: 'error', error });
    }
  }

  private async postWithUndici(
    dispatcher: Dispatcher,
    url: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<HttpAnswer> {
    // One deadline for the whole call, reading the body included.
    const signal = AbortSignal.timeout(this.opts.timeoutMs);
    const response = await request(url, { method: 'POST', headers, body, dispatcher, signal });
    return { status: response.statusCode, bodyText: await response.body.text() };
  }

  private async postWithFetch(
    fetchImpl: typeof fetch,
    url: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<HttpAnswer> {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    });
    return { status: response.status, bodyText: await response.text() };
  }
}
