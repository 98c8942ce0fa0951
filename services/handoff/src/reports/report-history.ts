import { ReportEvent } from './report.decide';

/** One line of a report's history, as staff read it: what happened, when, by whom, with what note. */
export interface ReportHistoryEntry {
  at: string;
  kind: 'filed' | 'status' | 'reassigned' | 'publication';
  /** The staff member who made the change; absent for the filing (the citizen or an Open311 client). */
  by?: string;
  /** filed: the channel (viber, open311, staff); status: the new status; reassigned: the new department. */
  to?: string;
  /** status: the status before; reassigned: the department before. */
  from?: string;
  /** status: what the citizen was told; reassigned: the reason. */
  note?: string;
  /** publication: approved (true) or withdrawn (false). */
  published?: boolean;
  /** status `duplicate`: the report it repeats. */
  duplicateOf?: string;
}

/**
 * A report's history from its own events, oldest first. Events of types this service does not know
 * (a later version's) are left out rather than failing the whole history.
 */
export function reportHistoryOf(
  events: ReadonlyArray<{ type: string; data: unknown }>,
): ReportHistoryEntry[] {
  return events.flatMap((raw): ReportHistoryEntry[] => {
    const e = raw as ReportEvent;
    switch (e.type) {
      case 'ReportFiled':
        return [{ at: e.data.filedAt, kind: 'filed', to: e.data.channel }];
      case 'ReportStatusChanged':
        return [
          {
            at: e.data.at,
            kind: 'status',
            by: e.data.changedBy.name,
            from: e.data.from,
            to: e.data.status,
            ...(e.data.note ? { note: e.data.note } : {}),
            ...(e.data.duplicateOf ? { duplicateOf: e.data.duplicateOf } : {}),
          },
        ];
      case 'ReportReassigned':
        return [
          {
            at: e.data.at,
            kind: 'reassigned',
            by: e.data.changedBy.name,
            from: e.data.fromDepartment,
            to: e.data.department,
            ...(e.data.reason ? { note: e.data.reason } : {}),
          },
        ];
      case 'ReportPublicationChanged':
        return [
          { at: e.data.at, kind: 'publication', by: e.data.changedBy.name, published: e.data.published },
        ];
      default:
        return [];
    }
  });
}
