import { OfficeHoursConfig } from '../office-hours/office-hours';

/** The sessions' settings (HANDOFF_* config) and the clock every use case reads. */
export interface SessionsOptions {
  /** null: the hours are not configured (unknown), so nobody is told the office is closed. */
  officeHours: OfficeHoursConfig | null;
  maxSessionsPerOperator: number;
  maxWaitMinutes: number;
  leftMessageMaxHours: number;
  idleMinutes: number;
  historyLimit: number;
  ratingWindowHours: number;
  now: () => Date;
}
