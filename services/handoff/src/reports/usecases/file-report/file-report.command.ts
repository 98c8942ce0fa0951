import { Envelope, ReportFiled } from '@citizen-desk/contracts';
import { ReportCategory } from '../../report-categories';

/** A new report, from whichever channel. */
export interface NewReport {
  submissionId: string;
  category: ReportCategory;
  description: string;
  location?: { lat: number; lon: number };
  address?: string;
  photoUrl?: string;
  citizenId?: string;
  language: string;
  channel: ReportFiled['channel'];
}

export interface FileReportCommand {
  report: NewReport;
  /** The message that asked for the report, which the events name as their cause. */
  cause?: Envelope;
}
