import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { dashboardPage } from '../dashboard/dashboard.page';

export const DASHBOARD_SETTINGS = Symbol('DASHBOARD_SETTINGS');
export interface DashboardSettings {
  loginUrl: string;
  timeZone: string;
}

/** The officials' dashboard: a static page; its data comes from the guarded /analytics routes. */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly html: string;
  constructor(@Inject(DASHBOARD_SETTINGS) settings: DashboardSettings) {
    this.html = dashboardPage(settings);
  }

  @Get('dashboard')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  // The page sends the token only to this origin and the configured login URL; nothing loads from elsewhere.
  @Header('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src *")
  page(): string {
    return this.html;
  }
}
