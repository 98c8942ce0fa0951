import { processOnce } from '@citizen-desk/event-store';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Injectable } from '@nestjs/common';
import { citizenNotice } from '../../report-envelopes';
import { statusAnswer } from '../../report-notices';
import { ReportsRepository } from '../../reports.repository';
import { REPORTS_CONSUMER } from '../file-submitted-report/file-submitted-report.usecase';
import { AnswerReportStatusCommand } from './answer-report-status.command';

/** "What about my report?": answered only about the citizen's own reports. */
@Injectable()
export class AnswerReportStatus {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly repo: ReportsRepository,
  ) {}

  async execute({ envelope }: AnswerReportStatusCommand): Promise<void> {
    const { citizenId, reference, language, requestId } = envelope.data;
    await processOnce(this.runtime.dataSource, REPORTS_CONSUMER, envelope.id, async (manager) => {
      const reports = await this.repo.listOfCitizen(manager, citizenId, reference ? 1000 : 10);
      const text = statusAnswer(reference, reports, language);
      await this.runtime.eventStore.enqueue(
        [citizenNotice(citizenId, `report-answer:${requestId}`, text, envelope)],
        manager,
      );
    });
  }
}
