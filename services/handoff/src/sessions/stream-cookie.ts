import { bearerTokenOf, StaffRequest } from '@citizen-desk/auth';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';

/**
 * EventSource cannot send an Authorization header, and a token in the URL ends up in access logs,
 * proxies and the browser's history. So the console first POSTs (with its bearer token) to
 * /handoff/stream/session, which sets this cookie: HttpOnly, SameSite=Strict, sent only to
 * /handoff/stream and only as long as the token lasts. Unlike a one-time ticket it survives
 * EventSource's automatic reconnection, to whichever replica, with no shared state.
 */
export const STREAM_COOKIE = 'handoff_stream';
export const STREAM_PATH = '/handoff/stream';

/** The Set-Cookie value carrying `token` to the stream, for as long as the token is valid. */
export function streamCookie(token: string, secure: boolean, nowMs = Date.now()): string {
  const maxAge = Math.max(0, Math.floor((expiryMsOf(token) - nowMs) / 1000));
  return [
    `${STREAM_COOKIE}=${token}`,
    `Path=${STREAM_PATH}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The Set-Cookie value that removes the stream cookie (signing out). */
export function clearedStreamCookie(): string {
  return `${STREAM_COOKIE}=; Path=${STREAM_PATH}; Max-Age=0; HttpOnly; SameSite=Strict`;
}

/** The stream cookie's value in a Cookie header, if any. */
export function streamTokenOf(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === STREAM_COOKIE && value.length) return value.join('=') || undefined;
  }
  return undefined;
}

/** Read, not trusted: the guard verifies the token itself. Unreadable: already expired. */
function expiryMsOf(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** Whether the request came over HTTPS (directly or through the ingress). */
export function isHttps(request: { protocol?: string; headers: Record<string, unknown> }): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

/** On GET /handoff/stream only: the cookie stands in for the Authorization header. */
@Injectable()
export class StreamCookieGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<StaffRequest & { method?: string }>();
    const headers = request.headers as Record<string, string | string[] | undefined>;
    if (request.method === 'GET' && !bearerTokenOf(headers.authorization)) {
      const cookie = headers.cookie;
      const token = streamTokenOf(Array.isArray(cookie) ? cookie.join('; ') : cookie);
      if (token) headers.authorization = `Bearer ${token}`;
    }
    return true;
  }
}
