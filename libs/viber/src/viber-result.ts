import { parseViberJson } from './viber-json';

/** Viber's answer status codes (HTTP is 200 either way). */
export const ViberStatus = {
  ok: 0,
  invalidUrl: 1,
  invalidAuthToken: 2,
  badData: 3,
  missingData: 4,
  receiverNotRegistered: 5,
  notSubscribed: 6,
  accountBlocked: 7,
  accountNotFound: 8,
  accountSuspended: 9,
  webhookNotSet: 10,
  receiverNoSuitableDevice: 11,
  tooManyRequests: 12,
  apiVersionNotSupported: 13,
  incompatibleWithVersion: 14,
} as const;

export interface ViberFailedReceiver {
  receiver: string;
  status: number;
  statusMessage: string;
  /** Whether sending to this receiver again later may work (rate limit) or not (not subscribed). */
  outcome: 'retry' | 'permanent';
}

export interface ViberOk {
  outcome: 'ok';
  /** Exact 64-bit token as a string, to match later delivered/seen callbacks. */
  messageToken?: string;
  billingStatus?: number;
  failedList?: ViberFailedReceiver[];
  /** The whole answer (user details, account info …), message_token kept as a string. */
  response: Record<string, unknown>;
}
export interface ViberRetry {
  outcome: 'retry';
  reason: string;
  code?: number;
  httpStatus?: number;
}
export interface ViberPermanent {
  outcome: 'permanent';
  reason: string;
  code?: number;
  httpStatus?: number;
}
export type ViberCallResult = ViberOk | ViberRetry | ViberPermanent;
export type ViberFailure = ViberRetry | ViberPermanent;

/** What came back from one call: an HTTP answer, or an error before there was one (network, time-out). */
export type ViberCallOutcome =
  { kind: 'response'; httpStatus: number; bodyText: string } | { kind: 'error'; error: unknown };

/**
 * Rate limits (12) are retried: treating them as final, as one well-known gateway does, loses messages.
 * Everything else Viber answers is about the request or the receiver and will not change by itself.
 */
export function classifyViberStatus(status: number): 'ok' | 'retry' | 'permanent' {
  if (status === ViberStatus.ok) return 'ok';
  if (status === ViberStatus.tooManyRequests) return 'retry';
  return 'permanent';
}

export function classifyViberResult(outcome: ViberCallOutcome): ViberCallResult {
  if (outcome.kind === 'error') return { outcome: 'retry', reason: describeError(outcome.error) };
  const { httpStatus, bodyText } = outcome;
  if (httpStatus >= 500 || httpStatus === 429 || httpStatus === 408) {
    return { outcome: 'retry', reason: `HTTP ${httpStatus}`, httpStatus };
  }
  if (httpStatus < 200 || httpStatus >= 300) {
    return {
      outcome: 'permanent',
      reason: `HTTP ${httpStatus}${bodyText ? `: ${bodyText.slice(0, 200)}` : ''}`,
      httpStatus,
    };
  }
  let body: unknown;
  try {
    body = parseViberJson(bodyText);
  } catch {
    // A 200 whose body we cannot read is most likely a proxy's or a truncated answer: try again.
    return { outcome: 'retry', reason: `unreadable answer: ${bodyText.slice(0, 200)}`, httpStatus };
  }
  if (
    typeof body !== 'object' ||
    body === null ||
    typeof (body as { status?: unknown }).status !== 'number'
  ) {
    return { outcome: 'retry', reason: `answer without status: ${bodyText.slice(0, 200)}`, httpStatus };
  }
  const response = body as Record<string, unknown> & { status: number };
  const status = response.status;
  const statusMessage =
    typeof response.status_message === 'string' ? response.status_message : `status ${status}`;
  const kind = classifyViberStatus(status);
  if (kind !== 'ok') return { outcome: kind, reason: statusMessage, code: status };
  const ok: ViberOk = { outcome: 'ok', response };
  if (typeof response.message_token === 'string') ok.messageToken = response.message_token;
  if (typeof response.billing_status === 'number') ok.billingStatus = response.billing_status;
  if (Array.isArray(response.failed_list)) ok.failedList = response.failed_list.map(toFailedReceiver);
  return ok;
}

function toFailedReceiver(entry: unknown): ViberFailedReceiver {
  const e = (entry ?? {}) as Record<string, unknown>;
  const status = typeof e.status === 'number' ? e.status : -1;
  return {
    receiver: String(e.receiver ?? ''),
    status,
    statusMessage: typeof e.status_message === 'string' ? e.status_message : `status ${status}`,
    outcome: classifyViberStatus(status) === 'retry' ? 'retry' : 'permanent',
  };
}

function describeError(error: unknown): string {
  // Not `instanceof Error`: AbortSignal.timeout() rejects with a DOMException, which may come from another realm.
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError') return `timed out (${String(message)})`;
    const causeText = cause instanceof Error ? `: ${cause.message}` : '';
    return `${String(name ?? 'Error')}: ${String(message)}${causeText}`;
  }
  return String(error);
}
