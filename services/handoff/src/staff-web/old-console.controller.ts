import { Controller, Get, Inject, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

export const STAFF_WEB_PUBLIC_URL = Symbol('STAFF_WEB_PUBLIC_URL');

/**
 * The operator console moved into the staff web app (its inbox screen); bookmarks of the old page
 * land there. A temporary redirect: the app's address is per installation and may change.
 */
@ApiExcludeController()
@Controller()
export class OldConsoleController {
  constructor(@Inject(STAFF_WEB_PUBLIC_URL) private readonly staffWebUrl: string) {}

  @Get('console')
  @Redirect(undefined, 302)
  console(): { url: string } {
    return { url: `${this.staffWebUrl}/inbox` };
  }
}
