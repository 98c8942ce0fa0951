import { ReportFiled } from '@citizen-desk/contracts';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { filedNotice } from '../../report-notices';
import { formatReportReference, localYear } from '../../report-reference';
import { decideReport, initialReportState, reportStreamId } from '../../report.decide';
import { citizenNotice, reportEnvelope } from '../../report-envelopes';
import { ReportRow, ReportsRepository } from '../../reports.repository';
import { FileReportCommand } from './file-report.command';

export interface ReportsOptions {
  referencePrefix: string;
  timeZone: string;
}

/**
 * Files a report under the next reference of the year and tells the citizen (if one filed it) the
 * reference. The same submission id files once; a repeat returns the report filed the first time.
 */
@Injectable()
export class FileReport {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly repo: ReportsRepository,
    private readonly opts: ReportsOptions,
    private readonly now: () => Date,
  ) {}

  /** In the caller's transaction when given `manager` (a consumer's processOnce), else in its own. */
  async execute(command: FileReportCommand, manager?: EntityManager): Promise<ReportRow> {
    if (manager) return this.fileIn(manager, command);
    return this.runtime.dataSource.transaction((m) => this.fileIn(m, command));
  }

  private async fileIn(manager: EntityManager, { report, cause }: FileReportCommand): Promise<ReportRow> {
    const existing = await this.repo.findBySubmission(manager, report.submissionId);
    if (existing) return existing;
    const now = this.now();
    const year = localYear(now, this.opts.timeZone);
    const reference = formatReportReference(
      this.opts.referencePrefix,
      year,
      await this.repo.nextSequence(manager, year),
    );
    const filed: ReportFiled = {
      reportId: reference,
      reference,
      category: report.category.code,
      department: report.category.department,
      description: report.description,
      ...(report.location ? { location: report.location } : {}),
      ...(report.address ? { address: report.address } : {}),
      ...(report.photoUrl ? { photoUrl: report.photoUrl } : {}),
      ...(report.citizenId ? { citizenId: report.citizenId } : {}),
      language: report.language,
      channel: report.channel,
      submissionId: report.submissionId,
      filedAt: now.toISOString(),
    };
    const events = decideReport({ type: 'FileReport', report: filed }, initialReportState());
    const streamId = reportStreamId(reference);
    const notice = report.citizenId
      ? [
          citizenNotice(
            report.citizenId,
            `report-filed:${reference}`,
            filedNotice(reference, report.category, report.language),
            cause,
          ),
        ]
      : [];
    await this.runtime.eventStore.append(
      streamId,
      0,
      events.map((e) => reportEnvelope(streamId, e.type, e.data, cause)),
      { manager, alsoPublish: notice },
    );
    await this.repo.insert(manager, filed);
    return (await this.repo.find(reference, manager))!;
  }
}
