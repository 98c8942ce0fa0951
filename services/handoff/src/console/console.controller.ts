import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CONSOLE_PAGE_HTML } from './console-page';

/** The operator console: one static page; it signs in and then talks to the handoff API like any client. */
@ApiExcludeController()
@Controller()
export class ConsoleController {
  @Get('console')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  // The page runs only its own script and talks only to this origin.
  @Header(
    'content-security-policy',
    "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' https: data:; connect-src 'self'",
  )
  page(): string {
    return CONSOLE_PAGE_HTML;
  }
}
