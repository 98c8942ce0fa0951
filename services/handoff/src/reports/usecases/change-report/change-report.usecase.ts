import { hasRole } from '@citizen-desk/auth';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertInDepartment } from '../../report-access';
import { citizenNotice, reportEnvelope } from '../../report-envelopes';
import { statusChangedNotice } from '../../report-notices';
import {
  decideReport,
  evolveReport,
  initialReportState,
  ReportCommand,
  ReportRejected,
  reportStreamId,
  StaffRef,
} from '../../report.decide';
import { ReportRow, ReportsRepository } from '../../reports.repository';
import { ChangeReportCommand, StaffReportChange } from './change-report.command';

/**
 * A staff member's change of a report (status, duplicate, reassignment): allowed in the report's
 * department only, recorded with the notice to the citizen, and kept in step in the read model.
 */
@Injectable()
export class ChangeReport {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly repo: ReportsRepository,
    private readonly now: () => Date,
  ) {}

  async execute({ reference, change, staff }: ChangeReportCommand): Promise<ReportRow> {
    const by = { staffId: staff.sub, name: staff.name };
    const at = this.now().toISOString();
    await this.runtime.dataSource.transaction(async (manager) => {
      const streamId = reportStreamId(reference);
      const { state, version } = await this.runtime.eventStore.aggregateStream(
        streamId,
        evolveReport,
        initialReportState,
        manager,
      );
      if (!state.exists) throw new ReportRejected('not-found', `no report ${reference}`);
      assertInDepartment(staff, reference, state.department);
      if (change.type === 'ReassignReport' && !hasRole(staff, 'supervisor'))
        throw new ReportRejected('supervisor-only', 'reassigning a report needs a supervisor or an admin');
      if (change.type === 'ChangeReportPublication' && !hasRole(staff, 'supervisor'))
        throw new ReportRejected('supervisor-only', 'publishing a report needs a supervisor or an admin');
      const command = await this.commandOf(change, by, at, manager);
      const events = decideReport(command, state);
      const next = events.reduce(evolveReport, state);
      const notices = events.flatMap((e) => {
        if (e.type !== 'ReportStatusChanged' || !state.citizenId) return [];
        const text = statusChangedNotice(e.data, state.language);
        return text
          ? [citizenNotice(state.citizenId, `report-status:${reference}:${version + 1}`, text)]
          : [];
      });
      await this.runtime.eventStore.append(
        streamId,
        version,
        events.map((e) => reportEnvelope(streamId, e.type, e.data)),
        { manager, alsoPublish: notices },
      );
      if (next.exists) await this.repo.update(manager, next);
    });
    return (await this.repo.find(reference))!;
  }

  /** The report command, once what the change names (a category, another report) is known to exist. */
  private async commandOf(
    change: StaffReportChange,
    by: StaffRef,
    at: string,
    manager: EntityManager,
  ): Promise<ReportCommand> {
    switch (change.type) {
      case 'ReassignReport': {
        const category = (await this.repo.categories(manager)).find(
          (c) => c.code === change.category && c.active,
        );
        if (!category)
          throw new ReportRejected('unknown-category', `category: unknown category ${change.category}`);
        return {
          type: 'ReassignReport',
          category: category.code,
          department: category.department,
          ...(change.reason ? { reason: change.reason } : {}),
          by,
          at,
        };
      }
      case 'MarkReportDuplicate':
        if (!(await this.repo.find(change.duplicateOf, manager)))
          throw new ReportRejected('unknown-duplicate', `duplicateOf: no report ${change.duplicateOf}`);
        return { ...change, by, at };
      case 'ChangeReportStatus':
      case 'ChangeReportPublication':
        return { ...change, by, at };
    }
  }
}
