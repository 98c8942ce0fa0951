import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CONSOLE_PAGE_HTML, CONSOLE_SCRIPT_JS } from './console-page';

/**
 * The page runs only scripts served by this origin (none inline), talks only to this origin, and
 * may not be framed (clickjacking an operator's answer).
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The operator console: one static page; it signs in and then talks to the handoff API like any client. */
@ApiExcludeController()
@Controller()
export class ConsoleController {
  @Get('console')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('content-security-policy', CONSOLE_CSP)
  @Header('x-frame-options', 'DENY')
  page(): string {
    return CONSOLE_PAGE_HTML;
  }

  @Get('console/console.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('x-content-type-options', 'nosniff')
  script(): string {
    return CONSOLE_SCRIPT_JS;
  }
}
