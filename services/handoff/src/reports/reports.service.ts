import { canActInDepartment, hasRole, StaffClaims } from '@citizen-desk/auth';
import {
  deterministicId,
  Envelope,
  makeEnvelope,
  ReportFiled,
  ReportStatusRequested,
  ReportSubmitted,
} from '@citizen-desk/contracts';
import { processOnce } from '@citizen-desk/event-store';
import { currentTraceCarrier } from '@citizen-desk/observability';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { categorize, ReportCategory } from './report-categories';
import { filedNotice, statusAnswer, statusChangedNotice } from './report-notices';
import { formatReportReference, localYear } from './report-reference';
import {
  decideReport,
  evolveReport,
  initialReportState,
  ReportCommand,
  ReportRejected,
  reportStreamId,
} from './report.decide';
import { ReportFilter, ReportRow, ReportsRepository } from './reports.repository';

export const REPORTS_CONSUMER = 'handoff-reports';
export const REPORTS_FORGET_CONSUMER = 'handoff-reports-forget';

export interface ReportsOptions {
  referencePrefix: string;
  timeZone: string;
}

/** A new report, from whichever channel. */
export interface NewReport {
  submissionId: string;
  category: ReportCategory;
  description: string;
  location?: { lat: number; lon: number };
  address?: string;
  photoUrl?: string;
  citizenId?: string;
  language: string;
  channel: ReportFiled['channel'];
}

type StaffChange =
  | {
      type: 'ChangeReportStatus';
      status: 'in-progress' | 'resolved' | 'not-our-responsibility';
      note: string;
    }
  | { type: 'MarkReportDuplicate'; duplicateOf: string; note: string }
  | { type: 'ReassignReport'; category: string; reason?: string };

const REJECTION_STATUS: Record<ReportRejected['reason'], (m: string) => Error> = {
  'not-found': (m) => new NotFoundException(m),
  'already-filed': (m) => new ConflictException(m),
  'no-change': (m) => new ConflictException(m),
  closed: (m) => new ConflictException(m),
  'note-required': (m) => new BadRequestException(m),
  'self-duplicate': (m) => new BadRequestException(m),
};

/** Loads a report, decides, appends its events with the citizen's notice, and keeps the read model in step. */
export class ReportsService {
  constructor(
    private readonly runtime: ServiceRuntime,
    readonly repo: ReportsRepository,
    private readonly opts: ReportsOptions,
  ) {}

  async categories(): Promise<ReportCategory[]> {
    return this.repo.categories();
  }

  async saveCategory(category: ReportCategory): Promise<ReportCategory> {
    await this.repo.saveCategory(category);
    return category;
  }

  /** The dialog's confirmed report: filed once, routed, and the citizen told its reference. */
  async onReportSubmitted(envelope: Envelope<ReportSubmitted>): Promise<void> {
    const submitted = envelope.data;
    await processOnce(this.runtime.dataSource, REPORTS_CONSUMER, envelope.id, async (manager) => {
      if (await this.repo.findBySubmission(manager, submitted.submissionId)) return;
      const category = categorize(
        submitted.topic,
        submitted.description,
        await this.repo.categories(manager),
      );
      await this.file(
        manager,
        {
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
        envelope,
      );
    });
  }

  /** Files a report (Open311 or staff); returns its row. The same submission id files once. */
  async fileReport(report: NewReport): Promise<ReportRow> {
    return this.runtime.dataSource.transaction(async (manager) => {
      const existing = await this.repo.findBySubmission(manager, report.submissionId);
      if (existing) return existing;
      const reference = await this.file(manager, report);
      return (await this.repo.find(reference, manager))!;
    });
  }

  private async file(manager: EntityManager, report: NewReport, cause?: Envelope): Promise<string> {
    const now = new Date();
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
      ? this.notice(
          report.citizenId,
          `report-filed:${reference}`,
          filedNotice(reference, report.category, report.language),
          cause,
        )
      : [];
    await this.runtime.eventStore.append(
      streamId,
      0,
      events.map((e) => this.wrap(streamId, e.type, e.data, cause)),
      { manager, alsoPublish: notice },
    );
    await this.repo.insert(manager, filed);
    return reference;
  }

  /** A staff member's change: allowed in the report's department only, and told to the citizen. */
  async change(reference: string, change: StaffChange, staff: StaffClaims): Promise<ReportRow> {
    const by = { staffId: staff.sub, name: staff.name };
    const at = new Date().toISOString();
    await this.runtime.dataSource.transaction(async (manager) => {
      const streamId = reportStreamId(reference);
      const { state, version } = await this.runtime.eventStore.aggregateStream(
        streamId,
        evolveReport,
        initialReportState,
        manager,
      );
      if (!state.exists) throw new NotFoundException(`no report ${reference}`);
      if (!canActInDepartment(staff, state.department))
        throw new ForbiddenException(`report ${reference} belongs to ${state.department}`);
      let command: ReportCommand;
      if (change.type === 'ReassignReport') {
        if (!hasRole(staff, 'supervisor'))
          throw new ForbiddenException('reassigning a report needs a supervisor or an admin');
        const category = (await this.repo.categories(manager)).find(
          (c) => c.code === change.category && c.active,
        );
        if (!category) throw new BadRequestException(`category: unknown category ${change.category}`);
        command = {
          type: 'ReassignReport',
          category: category.code,
          department: category.department,
          ...(change.reason ? { reason: change.reason } : {}),
          by,
          at,
        };
      } else if (change.type === 'MarkReportDuplicate') {
        if (!(await this.repo.find(change.duplicateOf, manager)))
          throw new BadRequestException(`duplicateOf: no report ${change.duplicateOf}`);
        command = { ...change, by, at };
      } else {
        command = { ...change, by, at };
      }
      let events;
      try {
        events = decideReport(command, state);
      } catch (e) {
        if (e instanceof ReportRejected) throw REJECTION_STATUS[e.reason](e.message);
        throw e;
      }
      const next = events.reduce(evolveReport, state);
      const notices = events.flatMap((e) => {
        if (e.type !== 'ReportStatusChanged' || !state.citizenId) return [];
        const text = statusChangedNotice(e.data, state.language);
        return text ? this.notice(state.citizenId, `report-status:${reference}:${version + 1}`, text) : [];
      });
      await this.runtime.eventStore.append(
        streamId,
        version,
        events.map((e) => this.wrap(streamId, e.type, e.data)),
        { manager, alsoPublish: notices },
      );
      if (next.exists) await this.repo.update(manager, next);
    });
    return (await this.repo.find(reference))!;
  }

  async get(reference: string, staff: StaffClaims): Promise<ReportRow> {
    const report = await this.repo.find(reference);
    if (!report) throw new NotFoundException(`no report ${reference}`);
    if (!canActInDepartment(staff, report.department))
      throw new ForbiddenException(`report ${reference} belongs to ${report.department}`);
    return report;
  }

  /** Staff see their departments' reports; an admin sees all. */
  async list(
    filter: Omit<ReportFilter, 'departments'> & { department?: string[] },
    staff: StaffClaims,
  ): Promise<ReportRow[]> {
    const own = staff.roles.includes('admin') ? undefined : staff.departments;
    const asked = filter.department;
    const departments = asked ? (own ? asked.filter((d) => own.includes(d)) : asked) : own;
    return this.repo.list({ ...filter, ...(departments ? { departments } : {}) });
  }

  /** "What about my report?": answered only about the citizen's own reports. */
  async onStatusRequested(envelope: Envelope<ReportStatusRequested>): Promise<void> {
    const { citizenId, reference, language } = envelope.data;
    await processOnce(this.runtime.dataSource, REPORTS_CONSUMER, envelope.id, async (manager) => {
      const reports = await this.repo.listOfCitizen(manager, citizenId, reference ? 1000 : 10);
      const text = statusAnswer(reference, reports, language);
      await this.runtime.eventStore.enqueue(
        this.notice(citizenId, `report-answer:${envelope.data.requestId}`, text, envelope),
        manager,
      );
    });
  }

  /** The citizen asked to be forgotten (CitizenForgetRequested): their reports no longer name them. */
  async onCitizenForgotten(envelope: Envelope<{ citizenId: string }>): Promise<void> {
    await processOnce(this.runtime.dataSource, REPORTS_FORGET_CONSUMER, envelope.id, async (manager) => {
      await this.repo.unlinkCitizen(manager, envelope.data.citizenId);
    });
  }

  private notice(citizenId: string, idName: string, text: string, cause?: Envelope): Envelope[] {
    const messageId = deterministicId(idName);
    return [
      this.wrap(
        `outbound-${messageId}`,
        'SendMessageToCitizen',
        {
          messageId,
          citizenId,
          message: { kind: 'text', text: text.slice(0, 7000) },
          purpose: 'status-update',
          origin: 'handoff',
        },
        cause,
      ),
    ];
  }

  private wrap(streamId: string, type: string, data: unknown, cause?: Envelope): Envelope {
    return makeEnvelope({
      type,
      version: 1,
      streamId,
      data,
      ...(cause ? { causedBy: cause } : {}),
      trace: currentTraceCarrier(),
    });
  }
}
