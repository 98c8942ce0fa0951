import { Envelope, ReportConsent, ReportFiled } from '@citizen-desk/contracts';
import { FetchedPhoto } from '../../photos/fetch-photo';
import { ReportCategory } from '../../report-categories';

/** A new report, from whichever channel. */
export interface NewReport {
  submissionId: string;
  category: ReportCategory;
  description: string;
  location?: { lat: number; lon: number };
  address?: string;
  /** A link an Open311 client gave, shown as it is (the platform does not fetch third parties' links). */
  photoUrl?: string;
  /** The citizen's photo as fetched from the channel: kept when it is an image, else why not. */
  photo?: FetchedPhoto;
  /** Absent: private (no consent asked or given). */
  consent?: ReportConsent;
  citizenId?: string;
  language: string;
  channel: ReportFiled['channel'];
}

export interface FileReportCommand {
  report: NewReport;
  /** The message that asked for the report, which the events name as their cause. */
  cause?: Envelope;
}
