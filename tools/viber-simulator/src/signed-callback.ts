import { signViberBody, stringifyViberJson } from '@citizen-desk/viber';

export interface PostSignedCallbackOptions {
  /** Sent instead of the correct signature (to test rejection); the body is still sent unchanged. */
  signature?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Acts as Viber calling a webhook: POSTs the raw JSON body with X-Viber-Content-Signature, the hex
 * HMAC-SHA256 of exactly those bytes. An object payload is written the way Viber writes it, with
 * message_token as a bare 64-bit integer (give it as a string of digits).
 */
export async function postSignedCallback(
  webhookUrl: string,
  authToken: string,
  payload: object | string,
  opts: PostSignedCallbackOptions = {},
): Promise<{ status: number; body: string }> {
  const raw = typeof payload === 'string' ? payload : stringifyViberJson(payload);
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-viber-content-signature': opts.signature ?? signViberBody(raw, authToken),
      ...opts.headers,
    },
    body: raw,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10000),
  });
  return { status: response.status, body: await response.text() };
}
