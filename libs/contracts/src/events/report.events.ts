import { z } from 'zod';
import { citizenIdSchema } from '../messages';

/**
 * Citizen reports: a circumstance a citizen reports (children gathering during a ban, a broken street
 * light, an illegal dump), filed by the handoff service and followed to its resolution.
 */

export const REPORT_STATUSES = [
  'received',
  'in-progress',
  'resolved',
  'not-our-responsibility',
  'duplicate',
] as const;
export const reportStatusSchema = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof reportStatusSchema>;

/** Statuses after which nothing more is expected of the municipality (Open311 `closed`). */
export const CLOSED_REPORT_STATUSES: readonly ReportStatus[] = [
  'resolved',
  'not-our-responsibility',
  'duplicate',
];

/**
 * A report's public reference, `<PREFIX>-<year>-<6-digit sequence>` (e.g. `BD-2026-000123`): what the
 * citizen is told, reads over the phone and writes back to ask about the report.
 */
export const REPORT_REFERENCE_PATTERN = /\b([A-Z]{2,5})-(\d{4})-(\d{6})\b/;
export const reportReferenceSchema = z
  .string()
  .regex(/^[A-Z]{2,5}-\d{4}-\d{6}$/, 'expected e.g. BD-2026-000123');

/** Finds a reference in what a citizen wrote ("što je sa bd-2026-000123?"), upper-cased; null when none. */
export function findReportReference(text: string): string | null {
  const match = REPORT_REFERENCE_PATTERN.exec(text.toUpperCase());
  return match ? match[0] : null;
}

export const MAX_REPORT_DESCRIPTION = 2000;

export const reportPlaceSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type ReportPlace = z.infer<typeof reportPlaceSchema>;

const reportDraftFields = {
  /** The dialog topic the citizen started from (`gatherings-report`, `report-problem`): a hint for the category. */
  topic: z.string().min(1),
  description: z.string().min(1).max(MAX_REPORT_DESCRIPTION).optional(),
  location: reportPlaceSchema.optional(),
  /** The place in words: typed by the citizen, or the address the channel attached to a location. */
  address: z.string().max(1000).optional(),
  photoUrl: z.string().url().max(4000).optional(),
};

export const REPORT_DRAFT_STEPS = ['description', 'place', 'photo', 'confirm'] as const;

/** The dialog's report flow moved on: the whole draft so far (the dialog's conversation keeps it). */
export const reportDraftUpdatedV1 = z.object({
  citizenId: citizenIdSchema,
  step: z.enum(REPORT_DRAFT_STEPS),
  ...reportDraftFields,
});
export type ReportDraftUpdated = z.infer<typeof reportDraftUpdatedV1>;

/** The citizen cancelled the report flow, or left it for something else. */
export const reportDraftDiscardedV1 = z.object({
  citizenId: citizenIdSchema,
  reason: z.enum(['cancelled', 'abandoned']),
  at: z.string().datetime({ offset: true }),
});
export type ReportDraftDiscarded = z.infer<typeof reportDraftDiscardedV1>;

/** The citizen confirmed a report in the dialog; the handoff service files it and answers with the reference. */
export const reportSubmittedV1 = z.object({
  /** Derived from the confirming message: a redelivered confirmation files one report. */
  submissionId: z.string().uuid(),
  citizenId: citizenIdSchema,
  citizenName: z.string().max(200).optional(),
  topic: reportDraftFields.topic,
  description: z.string().min(1).max(MAX_REPORT_DESCRIPTION),
  location: reportPlaceSchema.optional(),
  address: reportDraftFields.address,
  photoUrl: reportDraftFields.photoUrl,
  language: z.string(),
  submittedAt: z.string().datetime({ offset: true }),
});
export type ReportSubmitted = z.infer<typeof reportSubmittedV1>;

/** The citizen asked about a report (by its reference) or about all of theirs (reference null). */
export const reportStatusRequestedV1 = z.object({
  requestId: z.string().uuid(),
  citizenId: citizenIdSchema,
  reference: z.string().max(32).nullable(),
  language: z.string(),
  at: z.string().datetime({ offset: true }),
});
export type ReportStatusRequested = z.infer<typeof reportStatusRequestedV1>;

/** A report was filed and routed to its category's department. */
export const reportFiledV1 = z.object({
  reportId: z.string().min(1),
  reference: z.string().min(1),
  category: z.string().min(1),
  department: z.string().min(1),
  description: z.string().min(1).max(MAX_REPORT_DESCRIPTION),
  location: reportPlaceSchema.optional(),
  address: reportDraftFields.address,
  photoUrl: reportDraftFields.photoUrl,
  /** Absent for reports filed through Open311 by a third-party tool. */
  citizenId: citizenIdSchema.optional(),
  language: z.string(),
  channel: z.enum(['viber', 'open311', 'staff']),
  /** The ReportSubmitted (or Open311 request) it came from. */
  submissionId: z.string().min(1),
  filedAt: z.string().datetime({ offset: true }),
});
export type ReportFiled = z.infer<typeof reportFiledV1>;

const staffRefSchema = z.object({ staffId: z.string().min(1), name: z.string() });

/** Category and department ride along so that a projection can count by them without the report's history. */
export const reportStatusChangedV1 = z.object({
  reportId: z.string().min(1),
  reference: z.string().min(1),
  category: z.string().min(1),
  department: z.string().min(1),
  from: reportStatusSchema,
  status: reportStatusSchema,
  /** For the citizen: what was done, or where to turn when it is not the municipality's responsibility. */
  note: z.string().max(2000),
  /** The original report's reference, when marked duplicate. */
  duplicateOf: z.string().optional(),
  changedBy: staffRefSchema,
  at: z.string().datetime({ offset: true }),
});
export type ReportStatusChanged = z.infer<typeof reportStatusChangedV1>;

/** A report moved to another department (and possibly another category). */
export const reportReassignedV1 = z.object({
  reportId: z.string().min(1),
  reference: z.string().min(1),
  fromCategory: z.string().min(1),
  category: z.string().min(1),
  fromDepartment: z.string().min(1),
  department: z.string().min(1),
  reason: z.string().max(2000).optional(),
  changedBy: staffRefSchema,
  at: z.string().datetime({ offset: true }),
});
export type ReportReassigned = z.infer<typeof reportReassignedV1>;
