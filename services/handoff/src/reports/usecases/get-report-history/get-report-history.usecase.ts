import { StaffClaims } from '@citizen-desk/auth';
import { EventStore } from '@citizen-desk/event-store';
import { Injectable } from '@nestjs/common';
import { ReportHistoryEntry, reportHistoryOf } from '../../report-history';
import { reportStreamId } from '../../report.decide';
import { GetReport } from '../get-report/get-report.usecase';

/** A report's history for staff of its department (the same check as reading the report). */
@Injectable()
export class GetReportHistory {
  constructor(
    private readonly eventStore: EventStore,
    private readonly getReport: GetReport,
  ) {}

  async execute({
    reference,
    staff,
  }: {
    reference: string;
    staff: StaffClaims;
  }): Promise<ReportHistoryEntry[]> {
    const report = await this.getReport.execute({ reference, staff });
    const { events } = await this.eventStore.readStream(reportStreamId(report.reference));
    return reportHistoryOf(events);
  }
}
