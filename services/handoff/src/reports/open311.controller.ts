import { bearerTokenOf, STAFF_TOKEN_VERIFIER, StaffTokenVerification } from '@citizen-desk/auth';
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
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Open311Error, parseOpen311Post, toOpen311Request, toOpen311Service } from './open311.mapping';
import { ReportsRepository } from './reports.repository';
import { FileReport } from './usecases/file-report/file-report.usecase';
import { ListServiceRequests } from './usecases/list-service-requests/list-service-requests.usecase';

export const OPEN311_OPTIONS = Symbol('OPEN311_OPTIONS');
export interface Open311Options {
  /** The configured key for third-party clients; undefined: only staff tokens may POST. */
  apiKey?: string;
}

/** Open311 answers errors as an array of {code, description}. */
const open311Error = (status: number, errors: Open311Error[]) => new HttpException(errors, status);

const sameSecret = (a: string, b: string) =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

const listQuerySchema = z.object({
  service_request_id: z.string().optional(),
  service_code: z.string().optional(),
  status: z.enum(['open', 'closed']).optional(),
  start_date: z.string().datetime({ offset: true }).optional(),
  end_date: z.string().datetime({ offset: true }).optional(),
  jurisdiction_id: z.string().optional(),
});

/** Open311 GeoReport v2, JSON format: services and service requests for civic tools and city dashboards. */
@ApiTags('open311')
@Controller('open311/v2')
export class Open311Controller {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly fileReport: FileReport,
    private readonly listServiceRequests: ListServiceRequests,
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
      'GeoReport v2 service requests (filters: service_request_id, service_code, status, start_date, end_date)',
  })
  async requests(@Query() query: unknown) {
    const parsed = listQuerySchema.safeParse(query ?? {});
    if (!parsed.success)
      throw open311Error(
        400,
        parsed.error.issues.map((i) => ({ code: 400, description: `${i.path.join('.')}: ${i.message}` })),
      );
    const q = parsed.data;
    const list = (csv: string) => csv.split(',').map((s) => s.trim());
    return this.listServiceRequests.execute({
      ...(q.service_request_id ? { ids: list(q.service_request_id) } : {}),
      ...(q.service_code ? { categories: list(q.service_code) } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.start_date ? { start: q.start_date } : {}),
      ...(q.end_date ? { end: q.end_date } : {}),
    });
  }

  @Get('requests/:file')
  @ApiOperation({ summary: 'GeoReport v2: one service request, GET /open311/v2/requests/{id}.json' })
  async request(@Param('file') file: string) {
    const match = /^(.+)\.json$/.exec(file);
    if (!match)
      throw open311Error(404, [
        { code: 404, description: 'only the JSON format is served: /requests/{id}.json' },
      ]);
    const report = await this.repo.find(match[1]);
    if (!report) throw open311Error(404, [{ code: 404, description: `no service request ${match[1]}` }]);
    return [toOpen311Request(report, await this.repo.categories())];
  }

  @Post('requests.json')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'GeoReport v2: file a service request (form-encoded or JSON; api_key = the Open311 key or a staff token)',
  })
  async create(@Body() body: unknown, @Headers('authorization') authorization?: string) {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    await this.authorize(typeof fields.api_key === 'string' ? fields.api_key : bearerTokenOf(authorization));
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

  private async authorize(key: string | undefined): Promise<void> {
    const refused = open311Error(403, [{ code: 403, description: 'api_key is missing or not valid' }]);
    if (!key) throw refused;
    if (this.opts.apiKey && sameSecret(key, this.opts.apiKey)) return;
    try {
      await this.staffTokens.verify(key);
    } catch {
      throw refused;
    }
  }
}
