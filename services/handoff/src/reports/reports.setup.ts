import { HandoffConfig } from '@citizen-desk/config';
import { subjectOf } from '@citizen-desk/contracts';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Provider, Type } from '@nestjs/common';
import { Open311Controller, OPEN311_OPTIONS } from './open311.controller';
import { ReportPhotos } from './photos/report-photos';
import { SEED_REPORT_CATEGORIES } from './report-categories';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { AnswerReportStatus } from './usecases/answer-report-status/answer-report-status.usecase';
import { ChangeReport } from './usecases/change-report/change-report.usecase';
import { FileReport } from './usecases/file-report/file-report.usecase';
import {
  FileSubmittedReport,
  REPORTS_CONSUMER,
} from './usecases/file-submitted-report/file-submitted-report.usecase';
import {
  ForgetCitizenReports,
  REPORTS_FORGET_CONSUMER,
} from './usecases/forget-citizen-reports/forget-citizen-reports.usecase';
import { GetReport } from './usecases/get-report/get-report.usecase';
import { GetReportHistory } from './usecases/get-report-history/get-report-history.usecase';
import { ListReports } from './usecases/list-reports/list-reports.usecase';
import { ListServiceRequests } from './usecases/list-service-requests/list-service-requests.usecase';
import { SaveReportCategory } from './usecases/save-report-category/save-report-category.usecase';

/** The reports' read model and use cases, which tests may also drive without HTTP or NATS. */
export interface ReportUseCases {
  repo: ReportsRepository;
  photos: ReportPhotos;
  fileReport: FileReport;
  fileSubmittedReport: FileSubmittedReport;
  changeReport: ChangeReport;
  getReport: GetReport;
  getReportHistory: GetReportHistory;
  listReports: ListReports;
  listServiceRequests: ListServiceRequests;
  answerReportStatus: AnswerReportStatus;
  forgetCitizenReports: ForgetCitizenReports;
  saveReportCategory: SaveReportCategory;
}

export interface Reports {
  usecases: ReportUseCases;
  controllers: Type<unknown>[];
  providers: Provider[];
}

/**
 * Citizen reports inside the handoff service: seeds the categories, consumes the dialog's confirmed
 * reports and status questions (one durable consumer on `dialog.report.>`), and gives the app its
 * staff and Open311 controllers.
 */
export async function startReports(
  runtime: ServiceRuntime,
  config: HandoffConfig,
  now: () => Date = () => new Date(),
): Promise<Reports> {
  const repo = new ReportsRepository(runtime.dataSource);
  await repo.seedCategories(SEED_REPORT_CATEGORIES);
  const photos = new ReportPhotos(
    runtime.dataSource,
    {
      fetchTimeoutMs: config.REPORT_PHOTO_FETCH_TIMEOUT_MS,
      allowPrivateHosts: config.REPORT_PHOTO_ALLOW_PRIVATE_HOSTS,
    },
    now,
  );
  const fileReport = new FileReport(
    runtime,
    repo,
    photos,
    { referencePrefix: config.REPORT_REFERENCE_PREFIX },
    now,
  );
  const getReport = new GetReport(repo);
  const usecases: ReportUseCases = {
    repo,
    photos,
    fileReport,
    fileSubmittedReport: new FileSubmittedReport(runtime, repo, fileReport, photos),
    changeReport: new ChangeReport(runtime, repo, now),
    getReport,
    getReportHistory: new GetReportHistory(runtime.eventStore, getReport),
    listReports: new ListReports(repo),
    listServiceRequests: new ListServiceRequests(repo, now),
    answerReportStatus: new AnswerReportStatus(runtime, repo),
    forgetCitizenReports: new ForgetCitizenReports(runtime, repo),
    saveReportCategory: new SaveReportCategory(repo),
  };
  await runtime.consumeEvents({
    durable: REPORTS_CONSUMER,
    // ReportSubmitted and ReportStatusRequested: one consumer, as NATS 2.9 takes one filter subject.
    subjects: 'dialog.report.>',
    on: {
      ReportSubmitted: (envelope, { manager }) => usecases.fileSubmittedReport.execute({ envelope }, manager),
      ReportStatusRequested: (envelope, { manager }) =>
        usecases.answerReportStatus.execute({ envelope }, manager),
    },
  });
  await runtime.consumeEvents({
    durable: REPORTS_FORGET_CONSUMER,
    subjects: subjectOf('CitizenForgetRequested'),
    on: {
      CitizenForgetRequested: (envelope, { manager }) =>
        usecases.forgetCitizenReports.execute({ envelope }, manager),
    },
  });
  return {
    usecases,
    controllers: [ReportsController, Open311Controller],
    providers: [
      { provide: ReportsRepository, useValue: repo },
      { provide: ReportPhotos, useValue: photos },
      { provide: FileReport, useValue: usecases.fileReport },
      { provide: ChangeReport, useValue: usecases.changeReport },
      { provide: GetReport, useValue: usecases.getReport },
      { provide: GetReportHistory, useValue: usecases.getReportHistory },
      { provide: ListReports, useValue: usecases.listReports },
      { provide: ListServiceRequests, useValue: usecases.listServiceRequests },
      { provide: SaveReportCategory, useValue: usecases.saveReportCategory },
      {
        provide: OPEN311_OPTIONS,
        useValue: {
          apiKey: config.OPEN311_API_KEY,
          departmentKeys: config.OPEN311_DEPARTMENT_KEYS,
          publicUrl: config.HANDOFF_PUBLIC_URL,
        },
      },
    ],
  };
}
