import type { ReportFiled, ReportReassigned, ReportStatusChanged } from '@citizen-desk/contracts';
import { MunicipalCalendar, toMillis } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { FigureCounters } from './figure-counters';

/**
 * Reports filed are counted in the bucket they were filed, under the category and department they were
 * filed with (a reassignment later does not rewrite history). The current count by status follows each
 * report: status by the latest `at`, category and department by the latest reassignment, so events that
 * arrive out of order still leave each report counted once, where it is now.
 */

export const REPORT_EVENTS = ['ReportFiled', 'ReportStatusChanged', 'ReportReassigned'] as const;

/** The status a filed report starts in (the contract's `received`: open, nobody has acted yet). */
export const FILED_REPORT_STATUS = 'received';

/** A row of `reports`: where a report stands now, and as of when (so that an older event never overrides a newer one). */
export interface ReportState {
  reportId: string;
  category: string;
  department: string;
  status: string;
  statusAt: number;
  placedAt: number;
}

/** A change to the current number of reports in a status, per category and department (`report_status_counts`). */
export interface ReportStatusDelta {
  category: string;
  department: string;
  status: string;
  n: number;
}

export interface ReportRows {
  reports: ReportState[];
  reportStatusDeltas: ReportStatusDelta[];
}

const REPORT_EVENT_TYPES: ReadonlySet<string> = new Set(REPORT_EVENTS);

/** Adds the report whose row this event changes (and so must be loaded before the fold). */
export function reportsTouchedBy(e: AnalyticsEvent, into: Set<string>): void {
  if (REPORT_EVENT_TYPES.has(e.type)) into.add((e.data as { reportId: string }).reportId);
}

const statusKey = (category: string, department: string, status: string) =>
  `${category}\u0000${department}\u0000${status}`;

export class ReportsFold {
  readonly counters: FigureCounters;
  private readonly changed = new Set<string>();
  private readonly statusDeltas = new Map<string, ReportStatusDelta>();

  /** @param reports the rows of the reports the batch touches, loaded before the fold (missing ones are new) */
  constructor(
    private readonly reports: Map<string, ReportState>,
    calendar: MunicipalCalendar,
  ) {
    this.counters = new FigureCounters(calendar);
  }

  apply(e: AnalyticsEvent): void {
    switch (e.type) {
      case 'ReportFiled':
        return this.filed(e.data as ReportFiled);
      case 'ReportStatusChanged':
        return this.statusChanged(e.data as ReportStatusChanged);
      case 'ReportReassigned':
        return this.reassigned(e.data as ReportReassigned);
    }
  }

  rows(): ReportRows {
    return {
      reports: [...this.changed].map((reportId) => this.reports.get(reportId)!),
      reportStatusDeltas: [...this.statusDeltas.values()],
    };
  }

  private filed(d: ReportFiled): void {
    const filedAt = toMillis(d.filedAt);
    this.counters.add('reports-filed', filedAt, {
      department: d.department,
      category: d.category,
      channel: d.channel,
    });
    // Already known: a later change arrived first and placed it; the filing tells nothing newer.
    if (!this.reports.has(d.reportId))
      this.firstSeen(d.reportId, d.category, d.department, FILED_REPORT_STATUS, filedAt);
  }

  private statusChanged(d: ReportStatusChanged): void {
    const at = toMillis(d.at);
    const report = this.reports.get(d.reportId);
    if (!report) return this.firstSeen(d.reportId, d.category, d.department, d.status, at);
    this.place(report, d.category, d.department, at);
    if (at < report.statusAt) return;
    this.changed.add(report.reportId);
    report.statusAt = at;
    if (report.status === d.status) return;
    this.countStatus(report, -1);
    report.status = d.status;
    this.countStatus(report, 1);
  }

  private reassigned(d: ReportReassigned): void {
    const at = toMillis(d.at);
    const report = this.reports.get(d.reportId);
    // Its status is not known yet: assume it was just filed, and let any status change override that.
    if (!report) return this.firstSeen(d.reportId, d.category, d.department, FILED_REPORT_STATUS, at, 0);
    this.place(report, d.category, d.department, at);
  }

  /** A report first seen through any of its events is placed as that event says, in its status now. */
  private firstSeen(
    reportId: string,
    category: string,
    department: string,
    status: string,
    at: number,
    statusAt = at,
  ): void {
    const report: ReportState = { reportId, category, department, status, statusAt, placedAt: at };
    this.reports.set(reportId, report);
    this.changed.add(reportId);
    this.countStatus(report, 1);
  }

  private place(report: ReportState, category: string, department: string, at: number): void {
    if (at < report.placedAt) return;
    this.changed.add(report.reportId);
    report.placedAt = at;
    if (report.category === category && report.department === department) return;
    this.countStatus(report, -1);
    report.category = category;
    report.department = department;
    this.countStatus(report, 1);
  }

  private countStatus({ category, department, status }: ReportState, n: number): void {
    const key = statusKey(category, department, status);
    const found = this.statusDeltas.get(key);
    if (found) found.n += n;
    else this.statusDeltas.set(key, { category, department, status, n });
  }
}
