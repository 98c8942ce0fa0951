import { processOnce } from '@citizen-desk/event-store';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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

  /** In a consumer's batch when given `manager` (which records the message once), else once by itself. */
  async execute(command: AnswerReportStatusCommand, manager?: EntityManager): Promise<void> {
    if (manager) return this.answerIn(command, manager);
    await processOnce(this.runtime.dataSource, REPORTS_CONSUMER, command.envelope.id, (m) =>
      this.answerIn(command, m),
    );
  }

  private async answerIn({ envelope }: AnswerReportStatusCommand, manager: EntityManager): Promise<void> {
    const { citizenId, reference, language, requestId } = envelope.data;
    const reports = await this.repo.listOfCitizen(manager, citizenId, reference ? 1000 : 10);
    const text = statusAnswer(reference, reports, language);
    await this.runtime.eventStore.enqueue(
      [citizenNotice(citizenId, `report-answer:${requestId}`, text, envelope)],
      manager,
    );
  }
}
