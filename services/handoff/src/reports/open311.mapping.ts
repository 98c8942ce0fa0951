import { CLOSED_REPORT_STATUSES, MAX_REPORT_DESCRIPTION, ReportStatus } from '@citizen-desk/contracts';
import { z } from 'zod';
import { ReportCategory } from './report-categories';
import { publicPlace } from './report-publication';
import { ReportRow } from './reports.repository';

/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2): our categories are its services, our reports
 * its service requests. Field names exactly as the specification spells them. The citizen's identity
 * never appears here.
 *
 * Two views: `public` (no key) shows what the citizen agreed to and staff approved (see
 * report-publication.ts) without staff notes and with the place on a ~100 m grid unless the citizen
 * agreed to the exact one; `full` (a department's key or a staff token) shows its reports as they are.
 */
export type Open311View = 'public' | 'full';
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface Open311Error {
  code: number;
  description: string;
}

export const open311Status = (status: ReportStatus): 'open' | 'closed' =>
  CLOSED_REPORT_STATUSES.includes(status) ? 'closed' : 'open';

export function toOpen311Service(category: ReportCategory): Open311Service {
  return {
    service_code: category.code,
    service_name: category.name.en,
    description: category.description,
    metadata: false,
    type: 'realtime',
    keywords: category.keywords.join(','),
    group: category.agency.en,
  };
}

/** The link Open311 gives to a report's photo: the kept one (served by the media route), or a client's link. */
export function open311MediaUrl(
  report: Pick<ReportRow, 'reference' | 'photoId' | 'photoUrl'>,
  baseUrl: string,
) {
  if (report.photoId) return `${baseUrl}/open311/v2/media/${encodeURIComponent(report.reference)}`;
  return report.photoUrl;
}

export function toOpen311Request(
  report: ReportRow,
  categories: readonly ReportCategory[],
  view: Open311View = 'public',
  baseUrl = '',
): Open311Request {
  const category = categories.find((c) => c.code === report.category);
  const place = view === 'full' ? report : publicPlace(report);
  return {
    service_request_id: report.reference,
    status: open311Status(report.status),
    status_notes: view === 'full' ? report.note : null,
    service_name: category?.name.en ?? null,
    service_code: report.category,
    description: report.description,
    agency_responsible: category?.agency.en ?? null,
    service_notice: null,
    requested_datetime: report.filedAt,
    updated_datetime: report.updatedAt,
    expected_datetime: null,
    address: place.address,
    address_id: null,
    zipcode: null,
    lat: place.lat,
    long: place.lon,
    media_url: open311MediaUrl(report, baseUrl),
  };
}

const optionalNumber = z.preprocess(
  (v) => (v === '' || v === undefined || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
  z.number().optional(),
);
const optionalText = (max: number) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().max(max).optional());

const open311PostSchema = z.object({
  api_key: optionalText(4000),
  service_code: z.string({ required_error: 'service_code is required' }).min(1, 'service_code is required'),
  lat: optionalNumber.refine(
    (v) => v === undefined || (Number.isFinite(v) && v >= -90 && v <= 90),
    'lat must be a number from -90 to 90',
  ),
  long: optionalNumber.refine(
    (v) => v === undefined || (Number.isFinite(v) && v >= -180 && v <= 180),
    'long must be a number from -180 to 180',
  ),
  address_string: optionalText(1000),
  description: z
    .string({ required_error: 'description is required' })
    .trim()
    .min(1, 'description is required')
    .max(MAX_REPORT_DESCRIPTION, `description may have ${MAX_REPORT_DESCRIPTION} characters at most`),
  media_url: optionalText(4000).refine(
    (v) => v === undefined || /^https?:\/\/\S+$/.test(v),
    'media_url must be an http(s) URL',
  ),
  lang: optionalText(16),
});

export type Open311Post = z.infer<typeof open311PostSchema>;

/** Validates a POST requests.json body (form fields or JSON) into a report, or lists every problem. */
export function parseOpen311Post(
  body: unknown,
  categories: readonly ReportCategory[],
): { ok: true; post: Open311Post; category: ReportCategory } | { ok: false; errors: Open311Error[] } {
  const parsed = open311PostSchema.safeParse(body ?? {});
  const errors: Open311Error[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ code: 400, description: i.message }));
  if (!parsed.success) return { ok: false, errors };
  const post = parsed.data;
  const category = categories.find((c) => c.code === post.service_code && c.active);
  if (!category)
    errors.push({
      code: 404,
      description: `service_code ${post.service_code} is not a service of this jurisdiction (see services.json)`,
    });
  if ((post.lat === undefined) !== (post.long === undefined))
    errors.push({ code: 400, description: 'lat and long go together' });
  if (post.lat === undefined && !post.address_string)
    errors.push({ code: 400, description: 'a location is required: lat and long, or address_string' });
  return errors.length || !category ? { ok: false, errors } : { ok: true, post, category };
}
