import { processOnce } from '@citizen-desk/event-store';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { categorize } from '../../report-categories';
import { ReportsRepository } from '../../reports.repository';
import { FileReport } from '../file-report/file-report.usecase';
import { FileSubmittedReportCommand } from './file-submitted-report.command';

export const REPORTS_CONSUMER = 'handoff-reports';

/** The dialog's confirmed report: categorised, filed once, routed, and the citizen told its reference. */
@Injectable()
export class FileSubmittedReport {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly repo: ReportsRepository,
    private readonly fileReport: FileReport,
  ) {}

  /** In a consumer's batch when given `manager` (which records the message once), else once by itself. */
  async execute(command: FileSubmittedReportCommand, manager?: EntityManager): Promise<void> {
    if (manager) return this.fileIn(command, manager);
    await processOnce(this.runtime.dataSource, REPORTS_CONSUMER, command.envelope.id, (m) =>
      this.fileIn(command, m),
    );
  }

  private async fileIn({ envelope }: FileSubmittedReportCommand, manager: EntityManager): Promise<void> {
    const submitted = envelope.data;
    const category = categorize(submitted.topic, submitted.description, await this.repo.categories(manager));
    await this.fileReport.execute(
      {
        report: {
          submissionId: submitted.submissionId,
          category,
          description: submitted.description,
          ...(submitted.location ? { location: submitted.location } : {}),
          ...(submitted.address ? { address: submitted.address } : {}),
          ...(submitted.photoUrl ? { photoUrl: submitted.photoUrl } : {}),
          citizenId: submitted.citizenId,
          language: submitted.language,
          channel: 'viber',
        },
        cause: envelope,
      },
      manager,
    );
  }
}
