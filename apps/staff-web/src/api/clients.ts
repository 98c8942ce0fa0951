import createClient, { Middleware } from 'openapi-fetch';
import type { paths as AnalyticsPaths } from './analytics';
import type { paths as BroadcastPaths } from './broadcast';
import type { paths as DialogPaths } from './dialog';
import type { paths as HandoffPaths } from './handoff';

/**
 * One typed client per service, generated from the service's OpenAPI document (`npm run api:generate`);
 * each reaches its service under `/api/<service>` on the app's own origin.
 */
let token: string | null = null;
let onUnauthorized: () => void = () => {};

export function setToken(value: string | null): void {
  token = value;
}
export function getToken(): string | null {
  return token;
}
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && token) onUnauthorized();
    return response;
  },
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the bound openapi-fetch puts on its paths type
function client<P extends {}>(service: string) {
  const c = createClient<P>({ baseUrl: `${window.location.origin}/api/${service}` });
  c.use(auth);
  return c;
}

export const handoff = client<HandoffPaths>('handoff');
export const dialog = client<DialogPaths>('dialog');
export const broadcast = client<BroadcastPaths>('broadcast');
export const analytics = client<AnalyticsPaths>('analytics');

/** The message of a refused call, for a toast: the service's own `message` when it sent one. */
export function problem(error: unknown, status?: number): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const m = (error as { message: unknown }).message;
    return Array.isArray(m) ? m.join('; ') : String(m);
  }
  return status ? `HTTP ${status}` : String(error);
}

/** Throws the service's message when a call was refused, otherwise returns its data. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new Error(problem(error, response.status));
  return data as T;
}
