import { processOnce } from '@citizen-desk/event-store';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReportsRepository } from '../../reports.repository';
import { ForgetCitizenReportsCommand } from './forget-citizen-reports.command';

export const REPORTS_FORGET_CONSUMER = 'handoff-reports-forget';

/** The citizen asked to be forgotten: their reports stay, but no longer name them. */
@Injectable()
export class ForgetCitizenReports {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly repo: ReportsRepository,
  ) {}

  /** In a consumer's batch when given `manager` (which records the message once), else once by itself. */
  async execute({ envelope }: ForgetCitizenReportsCommand, manager?: EntityManager): Promise<void> {
    const unlink = async (m: EntityManager) =>
      void (await this.repo.unlinkCitizen(m, envelope.data.citizenId));
    if (manager) return unlink(manager);
    await processOnce(this.runtime.dataSource, REPORTS_FORGET_CONSUMER, envelope.id, unlink);
  }
}
