import { Body, Controller, Get, Header, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DASHBOARD_SCRIPT_JS, dashboardPage } from '../dashboard/dashboard.page';

export const DASHBOARD_SETTINGS = Symbol('DASHBOARD_SETTINGS');
export interface DashboardSettings {
  /** The handoff service's POST /auth/login. */
  loginUrl: string;
  timeZone: string;
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
   * handoff service serves no CORS headers, and should not need to).
   */
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const answer = await fetch(this.settings.loginUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
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
