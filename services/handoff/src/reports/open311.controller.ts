import { bearerTokenOf, STAFF_TOKEN_VERIFIER, StaffClaims, StaffTokenVerification } from '@citizen-desk/auth';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpException,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  Open311Error,
  Open311View,
  parseOpen311Post,
  toOpen311Request,
  toOpen311Service,
} from './open311.mapping';
import { ReportPhotos } from './photos/report-photos';
import { isPublic } from './report-publication';
import { ReportRow, ReportsRepository } from './reports.repository';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { FileReport } from './usecases/file-report/file-report.usecase';
import { Open311Viewer } from './usecases/list-service-requests/list-service-requests.command';
import {
  ListServiceRequests,
  MAX_SERVICE_REQUEST_IDS,
} from './usecases/list-service-requests/list-service-requests.usecase';

export const OPEN311_OPTIONS = Symbol('OPEN311_OPTIONS');
export interface Open311Options {
  /** The configured key for third-party clients to file reports; it shows no more than the public view. */
  apiKey?: string;
  /** Keys per department: each shows its department's reports in full (and may file reports). */
  departmentKeys: Record<string, string[]>;
  /** The service's public address for media links; unset: the address the client used. */
  publicUrl?: string;
}

/** Open311 answers errors as an array of {code, description}. */
const open311Error = (status: number, errors: Open311Error[]) => new HttpException(errors, status);
const refused = () => open311Error(403, [{ code: 403, description: 'api_key is missing or not valid' }]);
const notFound = (id: string) => open311Error(404, [{ code: 404, description: `no service request ${id}` }]);

const digest = (s: string) => createHash('sha256').update(s).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

const listQuerySchema = z.object({
  service_request_id: z
    .string()
    .max(MAX_SERVICE_REQUEST_IDS * 33)
    .transform((csv) =>
      csv
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.length <= MAX_SERVICE_REQUEST_IDS, `${MAX_SERVICE_REQUEST_IDS} ids at most`)
    .refine((ids) => ids.every((id) => id.length <= 32), 'an id has 32 characters at most')
    .optional(),
  service_code: z.string().max(2000).optional(),
  status: z.enum(['open', 'closed']).optional(),
  start_date: z.string().datetime({ offset: true }).optional(),
  end_date: z.string().datetime({ offset: true }).optional(),
  jurisdiction_id: z.string().optional(),
  api_key: z.string().max(4000).optional(),
});

/**
 * The service's own address, for the media links it gives: the configured public one, else the one the
 * client reached (a Host header that is not a plain host[:port] is not echoed back).
 */
function baseUrlOf(request: FastifyRequest, configured: string | undefined): string {
  if (configured) return configured;
  const host = request.headers.host ?? '';
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host) ? `${request.protocol}://${host}` : '';
}

/**
 * Open311 GeoReport v2, JSON format: services and service requests for civic tools and city
 * dashboards. Without a key only published reports (the citizen agreed, staff approved), without
 * notes and with the place rounded unless the citizen agreed to the exact one; with a department's key
 * (`api_key`, or `Authorization: Bearer`) or a staff token, that department's reports in full.
 */
@ApiTags('open311')
@Controller('open311/v2')
export class Open311Controller {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly photos: ReportPhotos,
    private readonly fileReport: FileReport,
    private readonly listServiceRequests: ListServiceRequests,
    private readonly staffAccounts: StaffAccountsRepository,
    @Inject(OPEN311_OPTIONS) private readonly opts: Open311Options,
    @Inject(STAFF_TOKEN_VERIFIER) private readonly staffTokens: StaffTokenVerification,
  ) {}

  @Get('services.json')
  @ApiOperation({ summary: 'GeoReport v2 service list: the report categories' })
  async services() {
    return (await this.repo.categories()).filter((c) => c.active).map(toOpen311Service);
  }

  @Get('requests.json')
  @ApiOperation({
    summary:
      'GeoReport v2 service requests (filters: service_request_id (50 at most), service_code, status, start_date, end_date; api_key or a staff token for a department’s full view)',
  })
  async requests(
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Headers('authorization') authorization?: string,
  ) {
    const parsed = listQuerySchema.safeParse(query ?? {});
    if (!parsed.success)
      throw open311Error(
        400,
        parsed.error.issues.map((i) => ({ code: 400, description: `${i.path.join('.')}: ${i.message}` })),
      );
    const q = parsed.data;
    const viewer = await this.viewer(q.api_key ?? bearerTokenOf(authorization));
    const list = (csv: string) => csv.split(',').map((s) => s.trim());
    return this.listServiceRequests.execute({
      viewer,
      baseUrl: baseUrlOf(request, this.opts.publicUrl),
      ...(q.service_request_id ? { ids: q.service_request_id } : {}),
      ...(q.service_code ? { categories: list(q.service_code) } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.start_date ? { start: q.start_date } : {}),
      ...(q.end_date ? { end: q.end_date } : {}),
    });
  }

  @Get('requests/:file')
  @ApiOperation({ summary: 'GeoReport v2: one service request, GET /open311/v2/requests/{id}.json' })
  async request(
    @Param('file') file: string,
    @Req() request: FastifyRequest,
    @Query('api_key') apiKey?: string,
    @Headers('authorization') authorization?: string,
  ) {
    const match = /^(.+)\.json$/.exec(file);
    if (!match)
      throw open311Error(404, [
        { code: 404, description: 'only the JSON format is served: /requests/{id}.json' },
      ]);
    const viewer = await this.viewer(apiKey ?? bearerTokenOf(authorization));
    const report = await this.repo.find(match[1]);
    const view = report ? viewOf(viewer, report) : null;
    // A report the viewer may not see is answered as one that does not exist.
    if (!report || !view) throw notFound(match[1]);
    return [
      toOpen311Request(report, await this.repo.categories(), view, baseUrlOf(request, this.opts.publicUrl)),
    ];
  }

  @Get('media/:reference')
  @ApiOperation({
    summary: 'The photo of a service request: public for published reports, else with the department’s key',
  })
  async media(
    @Param('reference') reference: string,
    @Res() reply: FastifyReply,
    @Query('api_key') apiKey?: string,
    @Headers('authorization') authorization?: string,
  ): Promise<void> {
    const viewer = await this.viewer(apiKey ?? bearerTokenOf(authorization));
    const report = await this.repo.find(reference);
    const view = report ? viewOf(viewer, report) : null;
    if (!report || !view) throw notFound(reference);
    const photo = await this.photos.read(reference);
    if (!photo) throw notFound(reference);
    await reply
      .header('content-type', photo.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', 'inline')
      // Withdrawn publication must not linger in shared caches for long, nor a private photo at all.
      .header('cache-control', view === 'public' ? 'public, max-age=300' : 'private, no-store')
      .send(photo.data);
  }

  @Post('requests.json')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'GeoReport v2: file a service request (form-encoded or JSON; api_key = the Open311 key, a department’s key or a staff token)',
  })
  async create(@Body() body: unknown, @Headers('authorization') authorization?: string) {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const key = typeof fields.api_key === 'string' ? fields.api_key : bearerTokenOf(authorization);
    if (!key) throw refused();
    if (!(this.opts.apiKey && sameSecret(key, this.opts.apiKey))) await this.viewer(key);
    const parsed = parseOpen311Post(fields, await this.repo.categories());
    if (!parsed.ok) throw open311Error(400, parsed.errors);
    const { post, category } = parsed;
    const report = await this.fileReport.execute({
      report: {
        submissionId: `open311:${randomUUID()}`,
        category,
        description: post.description,
        ...(post.lat !== undefined && post.long !== undefined
          ? { location: { lat: post.lat, lon: post.long } }
          : {}),
        ...(post.address_string ? { address: post.address_string } : {}),
        ...(post.media_url ? { photoUrl: post.media_url } : {}),
        language: post.lang === 'en' ? 'en' : 'cnr-Latn',
        channel: 'open311',
      },
    });
    return [{ service_request_id: report.reference, service_notice: null, account_id: null }];
  }

  /**
   * Who a key makes the caller: no key, or the filing-only key, is the public; a department's key or a
   * staff token sees its departments. A key that is none of these is refused rather than ignored.
   */
  private async viewer(key: string | undefined): Promise<Open311Viewer> {
    if (!key) return { kind: 'public' };
    if (this.opts.apiKey && sameSecret(key, this.opts.apiKey)) return { kind: 'public' };
    const departments = Object.entries(this.opts.departmentKeys)
      .filter(([, keys]) => keys.some((k) => sameSecret(key, k)))
      .map(([department]) => department);
    if (departments.length) return { kind: 'departments', departments };
    let staff: StaffClaims;
    try {
      staff = (await this.staffTokens.verify(key)).claims;
    } catch {
      throw refused();
    }
    // As on the staff API: a deactivated account's token, or one claiming what the account lost, is refused.
    const account = await this.staffAccounts.findById(staff.sub);
    const current =
      !!account &&
      account.active &&
      staff.roles.every((r) => account.roles.includes(r)) &&
      staff.departments.every((d) => account.departments.includes(d));
    // A token whose holder must first choose a password is good for nothing else, here too.
    if (!current || staff.mustChangePassword) throw refused();
    return {
      kind: 'departments',
      departments: staff.roles.includes('admin') ? 'all' : staff.departments,
    };
  }
}

/** How the viewer sees one report: in full (its department's), as the public (published), or not at all. */
function viewOf(viewer: Open311Viewer, report: ReportRow): Open311View | null {
  if (
    viewer.kind === 'departments' &&
    (viewer.departments === 'all' || viewer.departments.includes(report.department))
  )
    return 'full';
  return isPublic(report) ? 'public' : null;
}
