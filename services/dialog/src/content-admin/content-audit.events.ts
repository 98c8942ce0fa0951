import { StaffClaims } from '@citizen-desk/auth';
import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { ChangeKind, ContentArea, ContentChange } from './content-diff';

/**
 * The audit trail of the content: who changed what and when. Internal to the dialog service (appended
 * with `publish: false`), in one stream beside the versions and the draft.
 */
export const CONTENT_STREAM = 'content';

export interface ContentAuthor {
  id: string;
  email: string;
  name: string;
}

export interface ContentDraftChanged {
  by: ContentAuthor;
  area: ContentArea;
  id: string;
  change: ChangeKind;
}
export interface ContentDraftDiscarded {
  by: ContentAuthor;
  baseVersion: number;
}
export interface ContentPublished {
  version: number;
  by: ContentAuthor;
  note: string | null;
  changes: ContentChange[];
}
export interface ContentRolledBack {
  toVersion: number;
  newVersion: number;
  by: ContentAuthor;
  note: string | null;
  changes: ContentChange[];
}

export interface ContentAuditData {
  ContentDraftChanged: ContentDraftChanged;
  ContentDraftDiscarded: ContentDraftDiscarded;
  ContentPublished: ContentPublished;
  ContentRolledBack: ContentRolledBack;
}
export type ContentAuditType = keyof ContentAuditData;

export function authorOf(staff: StaffClaims): ContentAuthor {
  return { id: staff.sub, email: staff.email, name: staff.name };
}

export function contentAuditEvent<T extends ContentAuditType>(
  type: T,
  data: ContentAuditData[T],
): Envelope<ContentAuditData[T]> {
  return makeEnvelope({ type, version: 1, streamId: CONTENT_STREAM, data });
}

/** One line of the history route. */
export interface ContentHistoryEntry {
  position: number;
  type: string;
  at: string;
  by: ContentAuthor | null;
  data: unknown;
}

export function historyEntryOf(event: Envelope & { streamVersion: number }): ContentHistoryEntry {
  const data = event.data as { by?: ContentAuthor } | null;
  return {
    position: event.streamVersion,
    type: event.type,
    at: event.occurredAt,
    by: data?.by ?? null,
    data: event.data,
  };
}
