import { Injectable } from '@nestjs/common';
import { assertInDepartment } from '../../report-access';
import { ReportRejected } from '../../report.decide';
import { ReportRow, ReportsRepository } from '../../reports.repository';
import { GetReportCommand } from './get-report.command';

@Injectable()
export class GetReport {
  constructor(private readonly repo: ReportsRepository) {}

  async execute({ reference, staff }: GetReportCommand): Promise<ReportRow> {
    const report = await this.repo.find(reference);
    if (!report) throw new ReportRejected('not-found', `no report ${reference}`);
    assertInDepartment(staff, reference, report.department);
    return report;
  }
}
