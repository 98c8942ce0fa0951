import { MAX_BROADCAST_RECEIVERS } from '@citizen-desk/contracts';
import { VIBER_MAX_BODY_BYTES, ViberMessageBody } from './outgoing-message';
import { ViberCallResult, classifyViberResult } from './viber-result';

export interface ViberApiClientOptions {
  /** e.g. `https://chatapi.viber.com/pa`, or the simulator's `http://127.0.0.1:3011/pa`. */
  baseUrl: string;
  authToken: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
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
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: ViberApiClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = opts.fetchImpl ?? fetch;
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
      const response = await this.fetchImpl(`${this.baseUrl}/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-viber-auth-token': this.opts.authToken },
        body: text,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      // Reading the body is covered by the same time-out signal.
      const bodyText = await response.text();
      return classifyViberResult({ kind: 'response', httpStatus: response.status, bodyText });
    } catch (error) {
      return classifyViberResult({ kind: 'error', error });
    }
  }
}
