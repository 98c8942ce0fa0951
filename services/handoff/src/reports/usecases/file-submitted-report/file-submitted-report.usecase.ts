import { processOnce } from '@citizen-desk/event-store';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Injectable } from '@nestjs/common';
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

  async execute({ envelope }: FileSubmittedReportCommand): Promise<void> {
    const submitted = envelope.data;
    // Fetched before the transaction (no connection held over the network), and only for a report not
    // filed yet; a redelivery after a crash fetches again, which is harmless.
    const filedAlready = await this.repo.findBySubmission(
      this.runtime.dataSource.manager,
      submitted.submissionId,
    );
    const photo =
      submitted.photoUrl && !filedAlready ? await this.photos.fetch(submitted.photoUrl) : undefined;
    await processOnce(this.runtime.dataSource, REPORTS_CONSUMER, envelope.id, async (manager) => {
      const category = categorize(
        submitted.topic,
        submitted.description,
        await this.repo.categories(manager),
      );
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
    });
  }
}
