import { Controller, Get, Inject, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

export const STAFF_WEB_PUBLIC_URL = Symbol('STAFF_WEB_PUBLIC_URL');

/**
 * The officials' dashboard moved into the staff web app (its dashboard screen); the old address, on a
 * wall screen's bookmark say, lands there. Temporary: the app's address is per installation.
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  constructor(@Inject(STAFF_WEB_PUBLIC_URL) private readonly staffWebUrl: string) {}

  @Get('dashboard')
  @Redirect(undefined, 302)
  dashboard(): { url: string } {
    return { url: `${this.staffWebUrl}/dashboard` };
  }
}
