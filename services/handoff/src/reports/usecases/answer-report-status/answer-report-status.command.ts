import { Envelope, ReportStatusRequested } from '@citizen-desk/contracts';

export interface AnswerReportStatusCommand {
  envelope: Envelope<ReportStatusRequested>;
}
