import { HandoffConfig } from '@citizen-desk/config';
import {
  CitizenForgetRequested,
  ReportStatusRequested,
  ReportSubmitted,
  subjectOf,
} from '@citizen-desk/contracts';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Provider, Type } from '@nestjs/common';
import { Open311Controller, OPEN311_OPTIONS } from './open311.controller';
import { SEED_REPORT_CATEGORIES } from './report-categories';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { REPORTS_CONSUMER, REPORTS_FORGET_CONSUMER, ReportsService } from './reports.service';

export interface Reports {
  service: ReportsService;
  controllers: Type<unknown>[];
  providers: Provider[];
}

/**
 * Citizen reports inside the handoff service: seeds the categories, consumes the dialog's confirmed
 * reports and status questions (one durable consumer on `dialog.report.>`), and gives the app its
 * staff and Open311 controllers.
 */
export async function startReports(runtime: ServiceRuntime, config: HandoffConfig): Promise<Reports> {
  const repo = new ReportsRepository(runtime.dataSource);
  await repo.seedCategories(SEED_REPORT_CATEGORIES);
  const service = new ReportsService(runtime, repo, {
    referencePrefix: config.REPORT_REFERENCE_PREFIX,
    timeZone: config.REPORT_TIME_ZONE,
  });
  await runtime.consume({
    durable: REPORTS_CONSUMER,
    // ReportSubmitted and ReportStatusRequested: one consumer, as NATS 2.9 takes one filter subject.
    subjects: 'dialog.report.>',
    handler: async (envelope) => {
      if (envelope.type === 'ReportSubmitted')
        await service.onReportSubmitted(envelope as typeof envelope & { data: ReportSubmitted });
      else if (envelope.type === 'ReportStatusRequested')
        await service.onStatusRequested(envelope as typeof envelope & { data: ReportStatusRequested });
    },
  });
  await runtime.consume({
    durable: REPORTS_FORGET_CONSUMER,
    subjects: subjectOf('CitizenForgetRequested'),
    handler: async (envelope) =>
      service.onCitizenForgotten(envelope as typeof envelope & { data: CitizenForgetRequested }),
  });
  return {
    service,
    controllers: [ReportsController, Open311Controller],
    providers: [
      { provide: ReportsService, useValue: service },
      {
        provide: OPEN311_OPTIONS,
        useValue: { apiKey: config.OPEN311_API_KEY, staffTokenSecret: config.STAFF_TOKEN_SECRET },
      },
    ],
  };
}
