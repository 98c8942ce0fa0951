import {
  CLOSED_REPORT_STATUSES,
  DomainError,
  DomainErrorKind,
  ReportFiled,
  ReportPublicationChanged,
  ReportReassigned,
  ReportStatus,
  ReportStatusChanged,
} from '@citizen-desk/contracts';
import { publicationRefusal } from './report-publication';

/**
 * A citizen report as an event-sourced aggregate: `decideReport(command, state) -> events`,
 * `evolveReport(state, event)`. One stream per report (`report-<reference>`).
 */
export type ReportEvent =
  | { type: 'ReportFiled'; data: ReportFiled }
  | { type: 'ReportStatusChanged'; data: ReportStatusChanged }
  | { type: 'ReportReassigned'; data: ReportReassigned }
  | { type: 'ReportPublicationChanged'; data: ReportPublicationChanged };

export type ReportState =
  | { exists: false }
  | {
      exists: true;
      reportId: string;
      reference: string;
      category: string;
      department: string;
      status: ReportStatus;
      citizenId: string | null;
      language: string;
      note: string | null;
      duplicateOf: string | null;
      /** The citizen agreed to publication (ReportFiled's consent); staff may approve only then. */
      publishConsent: boolean;
      /** Staff approved publication. */
      published: boolean;
      filedAt: string;
      updatedAt: string;
    };

export const initialReportState = (): ReportState => ({ exists: false });

export const reportStreamId = (reference: string) => `report-${reference}`;

export interface StaffRef {
  staffId: string;
  name: string;
}

export type ReportCommand =
  | { type: 'FileReport'; report: ReportFiled }
  | {
      type: 'ChangeReportStatus';
      status: Exclude<ReportStatus, 'received' | 'duplicate'>;
      note: string;
      by: StaffRef;
      at: string;
    }
  | { type: 'MarkReportDuplicate'; duplicateOf: string; note: string; by: StaffRef; at: string }
  | {
      type: 'ReassignReport';
      department: string;
      category: string;
      reason?: string;
      by: StaffRef;
      at: string;
    }
  | { type: 'ChangeReportPublication'; published: boolean; by: StaffRef; at: string };

const KIND_OF_REASON = {
  'not-found': 'not-found',
  'already-filed': 'conflict',
  'no-change': 'conflict',
  closed: 'conflict',
  'note-required': 'invalid',
  'self-duplicate': 'invalid',
  'unknown-category': 'invalid',
  'unknown-duplicate': 'invalid',
  'no-consent': 'conflict',
  'other-department': 'forbidden',
  'supervisor-only': 'forbidden',
} as const satisfies Record<string, DomainErrorKind>;

export type ReportRejectedReason = keyof typeof KIND_OF_REASON;

/** A refused report command; the reason decides the kind, so the two never disagree. */
export class ReportRejected extends DomainError {
  readonly kind: DomainErrorKind;
  declare readonly reason: ReportRejectedReason;

  constructor(reason: ReportRejectedReason, message: string) {
    super(reason, message);
    this.kind = KIND_OF_REASON[reason];
  }
}

export const isClosedStatus = (status: ReportStatus) => CLOSED_REPORT_STATUSES.includes(status);

/** A resolution or a refusal is explained to the citizen: "resolved" says what was done, "not ours" where to turn. */
const NOTE_REQUIRED: readonly ReportStatus[] = ['resolved', 'not-our-responsibility'];

const closedReport = (state: { reference: string; status: ReportStatus }) =>
  new ReportRejected('closed', `report ${state.reference} is closed (${state.status}); reopen it first`);

export function decideReport(command: ReportCommand, state: ReportState): ReportEvent[] {
  if (command.type === 'FileReport') {
    if (state.exists) throw new ReportRejected('already-filed', `report ${state.reference} is already filed`);
    return [{ type: 'ReportFiled', data: command.report }];
  }
  if (!state.exists) throw new ReportRejected('not-found', 'no such report');
  const common = {
    reportId: state.reportId,
    reference: state.reference,
    changedBy: command.by,
    at: command.at,
  };
  switch (command.type) {
    case 'ChangeReportStatus': {
      if (command.status === state.status)
        throw new ReportRejected('no-change', `report ${state.reference} is already ${state.status}`);
      // A closed report can be reopened (back in progress), not moved from one closing to another.
      if (isClosedStatus(state.status) && command.status !== 'in-progress') throw closedReport(state);
      const note = command.note.trim();
      if (NOTE_REQUIRED.includes(command.status) && !note)
        throw new ReportRejected(
          'note-required',
          `a note for the citizen is required when the status is ${command.status}`,
        );
      return [
        {
          type: 'ReportStatusChanged',
          data: {
            ...common,
            category: state.category,
            department: state.department,
            from: state.status,
            status: command.status,
            note,
          },
        },
      ];
    }
    case 'MarkReportDuplicate': {
      if (command.duplicateOf === state.reference)
        throw new ReportRejected('self-duplicate', 'a report cannot duplicate itself');
      if (isClosedStatus(state.status)) throw closedReport(state);
      return [
        {
          type: 'ReportStatusChanged',
          data: {
            ...common,
            category: state.category,
            department: state.department,
            from: state.status,
            status: 'duplicate',
            note: command.note.trim(),
            duplicateOf: command.duplicateOf,
          },
        },
      ];
    }
    case 'ChangeReportPublication': {
      if (command.published === state.published)
        throw new ReportRejected(
          'no-change',
          `report ${state.reference} is ${state.published ? 'already' : 'not'} published`,
        );
      const refusal = command.published ? publicationRefusal(state) : null;
      if (refusal) throw new ReportRejected('no-consent', `report ${state.reference}: ${refusal}`);
      return [
        {
          type: 'ReportPublicationChanged',
          data: {
            ...common,
            category: state.category,
            department: state.department,
            published: command.published,
          },
        },
      ];
    }
    case 'ReassignReport': {
      if (command.department === state.department && command.category === state.category)
        throw new ReportRejected(
          'no-change',
          `report ${state.reference} is already with ${state.department}`,
        );
      if (isClosedStatus(state.status)) throw closedReport(state);
      return [
        {
          type: 'ReportReassigned',
          data: {
            ...common,
            fromCategory: state.category,
            category: command.category,
            fromDepartment: state.department,
            department: command.department,
            ...(command.reason?.trim() ? { reason: command.reason.trim() } : {}),
          },
        },
      ];
    }
  }
}

export function evolveReport(state: ReportState, event: { type: string; data: unknown }): ReportState {
  const e = event as ReportEvent;
  switch (e.type) {
    case 'ReportFiled':
      return {
        exists: true,
        reportId: e.data.reportId,
        reference: e.data.reference,
        category: e.data.category,
        department: e.data.department,
        status: 'received',
        citizenId: e.data.citizenId ?? null,
        language: e.data.language,
        note: null,
        duplicateOf: null,
        publishConsent: e.data.consent?.publish ?? false,
        published: false,
        filedAt: e.data.filedAt,
        updatedAt: e.data.filedAt,
      };
    case 'ReportStatusChanged':
      if (!state.exists) return state;
      return {
        ...state,
        status: e.data.status,
        note: e.data.note || null,
        duplicateOf: e.data.duplicateOf ?? null,
        updatedAt: e.data.at,
      };
    case 'ReportReassigned':
      if (!state.exists) return state;
      return { ...state, category: e.data.category, department: e.data.department, updatedAt: e.data.at };
    case 'ReportPublicationChanged':
      if (!state.exists) return state;
      return { ...state, published: e.data.published, updatedAt: e.data.at };
    default:
      return state;
  }
}
