import { CurrentStaff, Roles, StaffAuthGuard, StaffClaims } from '@citizen-desk/auth';
import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MunicipalCalendar } from '../calendar/municipal-calendar';
import { toCsv } from '../queries/csv-format';
import { parseFigureRange } from '../queries/figure-range';
import { FigureResult, FiguresService, Row } from '../queries/figures.service';
import {
  departmentsInScope,
  figureForDepartments,
  sumByCategory,
  withoutOperatorsUnlessSupervisor,
} from './department-scope';

interface RangeQuery {
  from?: string;
  to?: string;
  bucket?: string;
  format?: string;
}

const RangeQueries = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiQuery({
    name: 'from',
    required: false,
    description: 'ISO 8601 time, or a date meaning local midnight; default: 7 days before `to`',
  })(target, key, descriptor);
  ApiQuery({ name: 'to', required: false, description: 'ISO 8601 time or date, exclusive; default: now' })(
    target,
    key,
    descriptor,
  );
  ApiQuery({
    name: 'bucket',
    required: false,
    enum: ['hour', 'day', 'week'],
    description: 'in the municipality time zone; default day',
  })(target, key, descriptor);
  ApiQuery({
    name: 'format',
    required: false,
    enum: ['json', 'csv'],
    description: 'or send Accept: text/csv',
  })(target, key, descriptor);
};

function limitOf(value: string | undefined): number {
  const limit = value === undefined ? 50 : Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new BadRequestException('limit must be an integer from 1 to 500');
  return limit;
}

/**
 * Figures for officials. Every route: a staff token with role official (admin passes); JSON or CSV. The
 * editors' not-understood inbox is open to editors too: it is their worklist, normalised texts only.
 * Figures of departments (handoff, reports, campaigns) only for the official's own departments (admins:
 * all); per-operator figures only for supervisors of the department.
 */
@ApiTags('analytics')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'no or invalid staff token' })
@ApiForbiddenResponse({ description: 'the token lacks role official' })
@ApiProduces('application/json', 'text/csv')
@UseGuards(StaffAuthGuard)
@Roles('official')
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly figures: FiguresService,
    @Inject(MunicipalCalendar) private readonly calendar: MunicipalCalendar,
  ) {}

  private range(q: RangeQuery) {
    return parseFigureRange(q, this.calendar);
  }

  private respond(
    result: FigureResult,
    q: RangeQuery,
    accept: string | undefined,
    reply: FastifyReply,
  ): FigureResult | string {
    const wantsCsv = q.format === 'csv' || (q.format !== 'json' && /\btext\/csv\b/.test(accept ?? ''));
    if (!wantsCsv) return result;
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${result.figure}.csv"`);
    return toCsv(result.rows);
  }

  @Get('messages')
  @RangeQueries()
  @ApiOkResponse({ description: 'Citizen messages received per bucket' })
  async messages(
    @Query() q: RangeQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const range = this.range({ bucket: 'hour', ...q });
    const result = await this.figures.messages(range);
    // `hours` keeps the first version of this route's answer readable.
    const compatible = {
      ...result,
      hours: result.rows.map((r) => ({ hour: r.start, messages: r.messages })),
    };
    return this.respond(compatible, q, accept, reply);
  }

  @Get('topics')
  @RangeQueries()
  @ApiQuery({ name: 'language', required: false, description: 'cnr-Latn, cnr-Cyrl or en' })
  @ApiOkResponse({
    description: 'Questions per bucket and topic: answered, sent to an operator, not understood',
  })
  async topics(
    @Query() q: RangeQuery & { language?: string },
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.respond(await this.figures.topics(this.range(q), q.language || undefined), q, accept, reply);
  }

  @Get('answered-share')
  @RangeQueries()
  @ApiOkResponse({
    description: 'Per bucket, the share of questions answered by the bot, handed off, not understood',
  })
  async answeredShare(
    @Query() q: RangeQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.respond(await this.figures.answeredShare(this.range(q)), q, accept, reply);
  }

  @Get('not-understood')
  @RangeQueries()
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiOkResponse({
    description: 'Questions the bot did not understand, grouped by normalised text, most asked first',
  })
  async notUnderstood(
    @Query() q: RangeQuery & { limit?: string },
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.respond(await this.figures.notUnderstood(this.range(q), limitOf(q.limit)), q, accept, reply);
  }

  @Get('not-understood/inbox')
  @Roles('official', 'editor')
  @RangeQueries()
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiOkResponse({
    description:
      "The editors' inbox: not-understood questions by normalised text, without those filed under a topic or dismissed (until asked again)",
  })
  async notUnderstoodInbox(
    @Query() q: RangeQuery & { limit?: string },
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.respond(
      await this.figures.notUnderstoodInbox(this.range(q), limitOf(q.limit)),
      q,
      accept,
      reply,
    );
  }

  @Get('topics/:topic/questions')
  @RangeQueries()
  @ApiParam({ name: 'topic', description: 'a topic id, or (none) for questions with no topic' })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 50' })
  @ApiOkResponse({
    description:
      'Drill-down from a topic: the questions citizens asked that the bot took for it (normalised), with how each was handled',
  })
  async topicQuestions(
    @Param('topic') topic: string,
    @Query() q: RangeQuery & { limit?: string },
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!/^([a-z][a-z0-9-]{0,63}|\(none\))$/.test(topic))
      throw new BadRequestException('topic must be a topic id or (none)');
    return this.respond(
      await this.figures.topicQuestions(this.range(q), topic, limitOf(q.limit)),
      q,
      accept,
      reply,
    );
  }

  @Get('handoff')
  @RangeQueries()
  @ApiQuery({ name: 'department', required: false })
  @ApiOkResponse({
    description: 'Waiting time, time to first reply, handling time and ratings per department and operator',
  })
  async handoff(
    @Query() q: RangeQuery & { department?: string },
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentStaff() staff: StaffClaims,
  ) {
    const range = this.range(q);
    const scope = departmentsInScope(staff, q.department || undefined);
    const result = await figureForDepartments(scope, (d) => this.figures.handoff(range, d));
    return this.respond(withoutOperatorsUnlessSupervisor(staff, result), q, accept, reply);
  }

  @Get('reports')
  @RangeQueries()
  @ApiQuery({ name: 'department', required: false })
  @ApiOkResponse({
    description:
      'Reports filed per bucket by department and category (the rows, and the CSV), and `statusNow`: reports in each status now per category',
  })
  async reports(
    @Query() q: RangeQuery & { department?: string },
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentStaff() staff: StaffClaims,
  ) {
    const range = this.range(q);
    const scope = departmentsInScope(staff, q.department || undefined);
    const result = await figureForDepartments(
      scope,
      (d) => this.figures.reports(range, d),
      (parts) => ({
        filed: parts.reduce((n, p) => n + Number(p['filed'] ?? 0), 0),
        filedByCategory: sumByCategory(parts.flatMap((p) => (p['filedByCategory'] as Row[]) ?? [])).sort(
          (a, b) =>
            Number(b['filed']) - Number(a['filed']) ||
            String(a['category']).localeCompare(String(b['category'])),
        ),
        statusNow: sumByCategory(parts.flatMap((p) => (p['statusNow'] as Row[]) ?? [])),
      }),
    );
    return this.respond(result, q, accept, reply);
  }

  @Get('reports/status')
  @ApiQuery({ name: 'department', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({
    description:
      'Reports in each status now (received, in-progress, resolved, not-our-responsibility, duplicate; open = received + in-progress), per category',
  })
  async reportStatus(
    @Query() q: { department?: string; format?: string },
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentStaff() staff: StaffClaims,
  ) {
    const scope = departmentsInScope(staff, q.department || undefined);
    const result = await figureForDepartments(scope, (d) => this.figures.reportStatus(d));
    return this.respond({ ...result, rows: sumByCategory(result.rows) }, q, accept, reply);
  }

  @Get('campaigns')
  @RangeQueries()
  @ApiQuery({ name: 'department', required: false })
  @ApiOkResponse({
    description: 'Per campaign: targeted, sent, delivered, seen, failed by reason, unsubscribes after it',
  })
  async campaigns(
    @Query() q: RangeQuery & { department?: string },
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentStaff() staff: StaffClaims,
  ) {
    const range = this.range(q);
    const scope = departmentsInScope(staff, q.department || undefined);
    return this.respond(
      await figureForDepartments(scope, (d) => this.figures.campaigns(range, d)),
      q,
      accept,
      reply,
    );
  }

  @Get('subscribers')
  @RangeQueries()
  @ApiOkResponse({
    description: 'Subscribed, unsubscribed, subscribers at the end of each bucket, new citizens',
  })
  async subscribers(
    @Query() q: RangeQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.respond(await this.figures.subscribers(this.range(q)), q, accept, reply);
  }

  @Get('new-citizens')
  @RangeQueries()
  @ApiOkResponse({ description: 'Citizens seen for the first time, per bucket' })
  async newCitizens(
    @Query() q: RangeQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.respond(await this.figures.newCitizens(this.range(q)), q, accept, reply);
  }

  @Get('launch-report')
  @ApiQuery({
    name: 'launchAt',
    required: false,
    description: 'ISO 8601; default: the first question ever answered',
  })
  @ApiQuery({ name: 'hours', required: false, description: '1–72, default 1' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({ description: '"First hour: N questions, M answered, top topics"' })
  async launchReport(
    @Query() q: { launchAt?: string; hours?: string; format?: string },
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const launchAt = q.launchAt ? new Date(q.launchAt) : undefined;
    if (launchAt && Number.isNaN(launchAt.getTime()))
      throw new BadRequestException('launchAt must be an ISO 8601 time');
    const hours = q.hours === undefined ? 1 : Number(q.hours);
    if (!Number.isInteger(hours) || hours < 1 || hours > 72)
      throw new BadRequestException('hours must be an integer from 1 to 72');
    return this.respond(await this.figures.launchReport(launchAt, hours), q, accept, reply);
  }
}
