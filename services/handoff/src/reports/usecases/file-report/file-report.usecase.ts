import { ReportFiled } from '@citizen-desk/contracts';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { filedNotice } from '../../report-notices';
import { ReportPhotos } from '../../photos/report-photos';
import { generateReportReference } from '../../report-reference';
import { decideReport, initialReportState, reportStreamId } from '../../report.decide';
import { citizenNotice, reportEnvelope } from '../../report-envelopes';
import { ReportRow, ReportsRepository } from '../../reports.repository';
import { FileReportCommand } from './file-report.command';

export interface ReportsOptions {
  referencePrefix: string;
}

/** Draws of a random reference before giving up (a second draw is already a one-in-a-trillion event). */
const REFERENCE_ATTEMPTS = 5;

/**
 * Files a report under a fresh random reference (drawn again if it is taken) and tells the citizen
 * (if one filed it) the reference, and why their photo was not kept if it was not. The same submission id files once; a repeat returns the report filed the first time.
 */
@Injectable()
export class FileReport {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly repo: ReportsRepository,
    private readonly photos: ReportPhotos,
    private readonly opts: ReportsOptions,
    private readonly now: () => Date,
    private readonly drawReference: (prefix: string) => string = generateReportReference,
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
    const photo = report.photo?.ok ? await this.photos.store(manager, report.photo) : undefined;
    const photoRejected = report.photo && !report.photo.ok ? report.photo.reason : undefined;
    const fileAs = (reference: string): ReportFiled => ({
      reportId: reference,
      reference,
      category: report.category.code,
      department: report.category.department,
      description: report.description,
      ...(report.location ? { location: report.location } : {}),
      ...(report.address ? { address: report.address } : {}),
      ...(report.photoUrl ? { photoUrl: report.photoUrl } : {}),
      ...(photo ? { photo } : {}),
      ...(photoRejected ? { photoRejected } : {}),
      ...(report.consent ? { consent: report.consent } : {}),
      ...(report.citizenId ? { citizenId: report.citizenId } : {}),
      language: report.language,
      channel: report.channel,
      submissionId: report.submissionId,
      filedAt: now.toISOString(),
    });
    let filed: ReportFiled | undefined;
    for (let attempt = 0; !filed && attempt < REFERENCE_ATTEMPTS; attempt++) {
      const candidate = fileAs(this.drawReference(this.opts.referencePrefix));
      // The primary key decides: a taken reference inserts nothing, and another is drawn.
      if (await this.repo.insert(manager, candidate)) filed = candidate;
    }
    if (!filed) throw new Error(`no free report reference after ${REFERENCE_ATTEMPTS} draws`);
    const { reference } = filed;
    const events = decideReport({ type: 'FileReport', report: filed }, initialReportState());
    const streamId = reportStreamId(reference);
    const notice = report.citizenId
      ? [
          citizenNotice(
            report.citizenId,
            `report-filed:${reference}`,
            filedNotice(reference, report.category, report.language, photoRejected),
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
    return (await this.repo.find(reference, manager))!;
  }
}
