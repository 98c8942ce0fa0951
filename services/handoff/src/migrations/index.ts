import { MigrationInterface } from 'typeorm';
import { StaffAccounts1732600000000 } from './1732600000000-staff-accounts';

export const handoffMigrations: Array<new () => MigrationInterface> = [StaffAccounts1732600000000];
