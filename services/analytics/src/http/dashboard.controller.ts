import { Body, Controller, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DASHBOARD_SCRIPT_JS, dashboardPage } from '../dashboard/dashboard.page';

export const DASHBOARD_SETTINGS = Symbol('DASHBOARD_SETTINGS');
export interface DashboardSettings {
  /** The handoff service's POST /auth/login. */
  loginUrl: string;
  timeZone: string;
}

/**
 * X-Forwarded-For as a proxy passes it on: what it was given, then the address it got the request
 * from. Handoff, trusting this service as a proxy (TRUSTED_PROXIES), counts sign-in attempts per the
 * client's address rather than this service's; what a client writes itself stays to the left.
 */
export function appendForwardedFor(
  received: string | string[] | undefined,
  peer: string | undefined,
): string {
  const chain = (Array.isArray(received) ? received.join(',') : (received ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (peer) chain.push(peer);
  return chain.join(', ');
}

/** Only this origin's scripts (none inline), no framing (a wall screen is a tab, not an iframe). */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The officials' dashboard: a static page; its data comes from the guarded /analytics routes. */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  private readonly html: string;
  constructor(@Inject(DASHBOARD_SETTINGS) private readonly settings: DashboardSettings) {
    this.html = dashboardPage(settings);
  }

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('content-security-policy', DASHBOARD_CSP)
  @Header('x-frame-options', 'DENY')
  page(): string {
    return this.html;
  }

  @Get('dashboard.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('x-content-type-options', 'nosniff')
  script(): string {
    return DASHBOARD_SCRIPT_JS;
  }

  /**
   * Forwards the sign-in to the handoff service, so that the page talks to its own origin only (the
   * handoff service serves no CORS headers, and should not need to). As a proxy: with the client's
   * address, or every official signing in on the dashboard would share one sign-in limit.
   */
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const answer = await fetch(this.settings.loginUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': appendForwardedFor(
          request.headers['x-forwarded-for'],
          request.raw.socket.remoteAddress,
        ),
      },
      body: JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    if (!answer) {
      reply.status(502);
      return { statusCode: 502, message: 'The sign-in service is not reachable; paste a token instead.' };
    }
    reply.status(answer.status);
    return answer.json().catch(() => ({ statusCode: answer.status, message: 'Sign-in failed' }));
  }
}
