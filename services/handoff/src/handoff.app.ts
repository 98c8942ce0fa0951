import { staffAuthProviders } from '@citizen-desk/auth';
import { HandoffConfig } from '@citizen-desk/config';
import { createHttpApp, listeningUrl, ServiceRuntime } from '@citizen-desk/service-kit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { handoffMigrations } from './migrations';
import { Reports, startReports } from './reports/reports.setup';
import { Sessions, setUpSessions } from './sessions/sessions.setup';
import { ActiveStaffGuard } from './staff/active-staff.guard';
import { adminBootstrapPassword } from './staff/admin-bootstrap';
import { AuthController } from './staff/auth.controller';
import { StaffController } from './staff/staff.controller';
import { StaffAccountsRepository } from './staff/staff-accounts.repository';
import { StaffAccountsService } from './staff/staff-accounts.service';

export interface Handoff {
  runtime: ServiceRuntime;
  app: NestFastifyApplication;
  url: string;
  staff: StaffAccountsService;
  reports: Reports['service'];
  sessions: Sessions['service'];
  stop(): Promise<void>;
}

/** The people behind the bot: staff accounts and sign-in, operator sessions, and citizens' reports. */
export async function startHandoff(config: HandoffConfig): Promise<Handoff> {
  const runtime = await ServiceRuntime.start({ service: 'handoff', config, migrations: handoffMigrations });
  try {
    const repo = new StaffAccountsRepository(runtime.dataSource);
    const staff = new StaffAccountsService(runtime.dataSource, runtime.eventStore, repo, {
      tokenSecret: config.STAFF_TOKEN_SECRET,
      tokenTtlSeconds: config.STAFF_TOKEN_TTL_SECONDS,
      logger: runtime.logger,
    });
    await staff.bootstrapAdmin(config.STAFF_ADMIN_EMAIL, () => adminBootstrapPassword(config));
    const reports = await startReports(runtime, config);
    const sessions = setUpSessions(runtime, config, repo);
    const app = await createHttpApp({
      runtime,
      controllers: [AuthController, StaffController, ...reports.controllers, ...sessions.controllers],
      providers: [
        ...staffAuthProviders(config.STAFF_TOKEN_SECRET),
        { provide: StaffAccountsRepository, useValue: repo },
        { provide: StaffAccountsService, useValue: staff },
        ActiveStaffGuard,
        ...reports.providers,
        ...sessions.providers,
      ],
      port: config.HANDOFF_PORT,
      host: config.HOST,
      openApi: { title: 'Citizen Desk handoff', description: 'Operator sessions and staff accounts' },
    });
    const url = listeningUrl(app, config.HANDOFF_PORT);
    await sessions.start().catch(async (e) => {
      await sessions.stop();
      await app.close();
      throw e;
    });
    return {
      runtime,
      app,
      url,
      staff,
      reports: reports.service,
      sessions: sessions.service,
      async stop() {
        // Ends the browsers' live streams first, or the HTTP server would wait for them.
        await sessions.stop();
        await app.close();
        await runtime.stop();
      },
    };
  } catch (e) {
    await runtime.stop();
    throw e;
  }
}
