import { processOnce } from '@citizen-desk/event-store';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Injectable } from '@nestjs/common';
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

  async execute({ envelope }: ForgetCitizenReportsCommand): Promise<void> {
    await processOnce(this.runtime.dataSource, REPORTS_FORGET_CONSUMER, envelope.id, async (manager) => {
      await this.repo.unlinkCitizen(manager, envelope.data.citizenId);
    });
  }
}
