import { staffAuthProviders } from '@citizen-desk/auth';
import { HandoffConfig } from '@citizen-desk/config';
import { createHttpApp, listeningUrl, ServiceRuntime } from '@citizen-desk/service-kit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { handoffMigrations } from './migrations';
import { Reports, startReports } from './reports/reports.setup';
import { Sessions, setUpSessions } from './sessions/sessions.setup';
import { OldConsoleController, STAFF_WEB_PUBLIC_URL } from './staff-web/old-console.controller';
import { adminBootstrapPassword } from './staff/admin-bootstrap';
import { Staff, setUpStaff } from './staff/staff.setup';
import {
  handoffHistoryRule,
  handoffSessionsRule,
  reportPhotosRule,
  reportsRule,
  staffAccountsRule,
} from './retention/handoff-retention';

export interface Handoff {
  runtime: ServiceRuntime;
  app: NestFastifyApplication;
  url: string;
  staff: Staff['usecases'];
  /** Signs and revokes staff tokens (tests mint tokens of existing accounts with it). */
  staffTokens: Staff['tokens'];
  reports: Reports['usecases'];
  sessions: Sessions['usecases'];
  stop(): Promise<void>;
}

/** The people behind the bot: staff accounts and sign-in, operator sessions, and citizens' reports. */
export async function startHandoff(config: HandoffConfig): Promise<Handoff> {
  const runtime = await ServiceRuntime.start({ service: 'handoff', config, migrations: handoffMigrations });
  runtime.retention.add(handoffSessionsRule(config.HANDOFF_SESSION_RETENTION_DAYS));
  runtime.retention.add(reportsRule(config.REPORT_RETENTION_DAYS));
  runtime.retention.add(reportPhotosRule(config.REPORT_PHOTO_RETENTION_DAYS));
  runtime.retention.add(handoffHistoryRule(config.HANDOFF_HISTORY_RETENTION_DAYS));
  // Every part of handoff reads the wall clock only through this, so tests can move time.
  const clock = () => new Date();
  let staff: Staff | undefined;
  try {
    staff = await setUpStaff(runtime, config, clock);
    const { eraseAccounts } = staff.usecases;
    runtime.retention.add(
      staffAccountsRule(config.STAFF_ACCOUNT_RETENTION_DAYS, (before) => eraseAccounts.execute(before)),
    );
    await staff.usecases.bootstrapAdmin.execute({
      email: config.STAFF_ADMIN_EMAIL,
      password: () => adminBootstrapPassword(config),
    });
    const reports = await startReports(runtime, config, clock);
    const sessions = setUpSessions(runtime, config, staff.usecases.repo, clock);
    const app = await createHttpApp({
      runtime,
      controllers: [
        ...staff.controllers,
        ...reports.controllers,
        ...sessions.controllers,
        OldConsoleController,
      ],
      providers: [
        { provide: STAFF_WEB_PUBLIC_URL, useValue: config.STAFF_WEB_PUBLIC_URL },
        ...staffAuthProviders(staff.tokens.verifier),
        ...staff.providers,
        ...reports.providers,
        ...sessions.providers,
      ],
      port: config.HANDOFF_PORT,
      host: config.HOST,
      openApi: { title: 'Citizen Desk handoff', description: 'Operator sessions and staff accounts' },
    });
    const url = listeningUrl(app, config.HANDOFF_PORT);
    const started = staff;
    await sessions.start().catch(async (e) => {
      await sessions.stop();
      await app.close();
      throw e;
    });
    return {
      runtime,
      app,
      url,
      staff: staff.usecases,
      staffTokens: staff.tokens,
      reports: reports.usecases,
      sessions: sessions.usecases,
      async stop() {
        // Ends the browsers' live streams first, or the HTTP server would wait for them.
        await sessions.stop();
        await app.close();
        started.stop();
        await runtime.stop();
      },
    };
  } catch (e) {
    staff?.stop();
    await runtime.stop();
    throw e;
  }
}
