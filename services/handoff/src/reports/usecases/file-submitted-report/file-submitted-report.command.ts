import { Envelope, ReportSubmitted } from '@citizen-desk/contracts';

export interface FileSubmittedReportCommand {
  envelope: Envelope<ReportSubmitted>;
}
