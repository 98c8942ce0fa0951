import { MigrationInterface } from 'typeorm';
import { StaffAccounts1732600000000 } from './1732600000000-staff-accounts';
import { HandoffSessions1732700000000 } from './1732700000000-handoff-sessions';
import { CitizenReports1732800000000 } from './1732800000000-citizen-reports';

export const handoffMigrations: Array<new () => MigrationInterface> = [
  StaffAccounts1732600000000,
  HandoffSessions1732700000000,
  CitizenReports1732800000000,
];
