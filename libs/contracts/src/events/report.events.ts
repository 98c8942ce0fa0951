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
 * A report's public reference: `<PREFIX>-XXXX-XXXX`, eight characters of Crockford base32 drawn from a
 * CSPRNG (e.g. `BD-7K3M-Q9XD`): short, read over the phone without confusion (no I, L, O, U), and not
 * enumerable. References filed before were sequential, `<PREFIX>-<year>-<6 digits>` (`BD-2026-000123`);
 * they stay valid and are still found in what citizens write.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CROCKFORD = '[0-9A-HJKMNP-TV-Z]';
export const REPORT_REFERENCE_PATTERN = new RegExp(
  `\\b([A-Z]{2,5})-(?:(\\d{4})-(\\d{6})|(${CROCKFORD}{4})-?(${CROCKFORD}{4}))\\b`,
);
export const reportReferenceSchema = z
  .string()
  .regex(
    new RegExp(`^[A-Z]{2,5}-(?:\\d{4}-\\d{6}|${CROCKFORD}{4}-${CROCKFORD}{4})$`),
    'expected e.g. BD-7K3M-Q9XD (or BD-2026-000123)',
  );

/** Crockford's reading of what people mistype: O is 0, I and L are 1. */
const crockfordNormal = (s: string) => s.replace(/O/g, '0').replace(/[IL]/g, '1');

/**
 * Finds a reference in what a citizen wrote ("što je sa bd-7k3m-q9xd?", "BD 7K3M Q9XD" is not one),
 * upper-cased and normalised (O→0, I/L→1, the dash between the halves); null when none.
 */
export function findReportReference(text: string): string | null {
  const upper = text.toUpperCase();
  const lenient = new RegExp(`\\b([A-Z]{2,5})-([0-9A-Z]{4})-?([0-9A-Z]{4})\\b`);
  const old = /\b([A-Z]{2,5})-(\d{4})-(\d{6})\b/.exec(upper);
  if (old) return old[0];
  const m = lenient.exec(upper);
  if (!m) return null;
  const candidate = `${m[1]}-${crockfordNormal(m[2])}-${crockfordNormal(m[3])}`;
  return reportReferenceSchema.safeParse(candidate).success ? candidate : null;
}

export const MAX_REPORT_DESCRIPTION = 2000;

export const reportPlaceSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type ReportPlace = z.infer<typeof reportPlaceSchema>;

/**
 * The citizen's answers to "may the report be published without your name?" and "may the exact
 * place be shown?". Absent or false means private: a report is public only when the citizen agreed
 * and staff approved, and its place is then shown on a ~100 m grid unless `exactLocation`.
 */
export const reportConsentSchema = z.object({
  publish: z.boolean(),
  exactLocation: z.boolean(),
});
export type ReportConsent = z.infer<typeof reportConsentSchema>;

const reportDraftFields = {
  /** The dialog topic the citizen started from (`gatherings-report`, `report-problem`): a hint for the category. */
  topic: z.string().min(1),
  description: z.string().min(1).max(MAX_REPORT_DESCRIPTION).optional(),
  location: reportPlaceSchema.optional(),
  /** The place in words: typed by the citizen, or the address the channel attached to a location. */
  address: z.string().max(1000).optional(),
  photoUrl: z.string().url().max(4000).optional(),
  /** What the citizen allowed to be shown publicly; absent: not asked yet (or filed before it was asked). */
  consent: reportConsentSchema.optional(),
};

export const REPORT_DRAFT_STEPS = [
  'description',
  'place',
  'photo',
  'publish',
  'exact-location',
  'confirm',
] as const;

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
  consent: reportDraftFields.consent,
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
  /** A link given by an Open311 client (shown as is); a Viber photo is fetched and stored instead (`photo`). */
  photoUrl: reportDraftFields.photoUrl,
  /** The photo the platform fetched and keeps (report_photos), by id; its bytes are never in an event. */
  photo: z
    .object({ id: z.string().uuid(), contentType: z.string().max(100), bytes: z.number().int().min(0) })
    .optional(),
  /** The citizen sent a photo that was not kept, and why (they were told). */
  photoRejected: z.enum(['not-an-image', 'too-large', 'unreachable']).optional(),
  /** The citizen's consent to publication; absent (older reports, staff filings): private. */
  consent: reportDraftFields.consent,
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

/** Staff approved (or withdrew) the publication of a report whose citizen agreed to it (Open311 GET). */
export const reportPublicationChangedV1 = z.object({
  reportId: z.string().min(1),
  reference: z.string().min(1),
  category: z.string().min(1),
  department: z.string().min(1),
  published: z.boolean(),
  changedBy: staffRefSchema,
  at: z.string().datetime({ offset: true }),
});
export type ReportPublicationChanged = z.infer<typeof reportPublicationChangedV1>;
