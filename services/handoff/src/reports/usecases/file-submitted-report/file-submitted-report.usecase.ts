import { processOnce } from '@citizen-desk/event-store';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { categorize } from '../../report-categories';
import { ReportPhotos } from '../../photos/report-photos';
import { ReportsRepository } from '../../reports.repository';
import { FileReport } from '../file-report/file-report.usecase';
import { FileSubmittedReportCommand } from './file-submitted-report.command';

export const REPORTS_CONSUMER = 'handoff-reports';

/**
 * The dialog's confirmed report: its photo fetched and checked, categorised, filed once, routed, and the
 * citizen told its reference.
 */
@Injectable()
export class FileSubmittedReport {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly repo: ReportsRepository,
    private readonly fileReport: FileReport,
    private readonly photos: ReportPhotos,
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
    // Only for a report not filed yet. The fetch runs inside the batch's transaction, bounded by the
    // photo fetch time-out: reports are few, and a photo fetched but not committed is fetched again.
    const filedAlready = await this.repo.findBySubmission(manager, submitted.submissionId);
    if (filedAlready) return;
    const photo = submitted.photoUrl ? await this.photos.fetch(submitted.photoUrl) : undefined;
    const category = categorize(submitted.topic, submitted.description, await this.repo.categories(manager));
    await this.fileReport.execute(
      {
        report: {
          submissionId: submitted.submissionId,
          category,
          description: submitted.description,
          ...(submitted.location ? { location: submitted.location } : {}),
          ...(submitted.address ? { address: submitted.address } : {}),
          // The channel's link expires and names the citizen's media: the photo itself is kept instead.
          ...(photo ? { photo } : {}),
          ...(submitted.consent ? { consent: submitted.consent } : {}),
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
