import { CurrentStaff, Roles, StaffAuthGuard, StaffClaims } from '@citizen-desk/auth';
import { parseRequestBody } from '@citizen-desk/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ActiveStaffGuard } from '../staff/active-staff.guard';
import { ReportPhotos } from './photos/report-photos';
import { ReportRejected } from './report.decide';
import { ReportCategory } from './report-categories';
import { ReportRow, ReportsRepository } from './reports.repository';
import {
  ChangeStatusRequestDto,
  changeStatusRequestSchema,
  listReportsQuerySchema,
  MarkDuplicateRequestDto,
  markDuplicateRequestSchema,
  PublicationRequestDto,
  publicationRequestSchema,
  ReassignRequestDto,
  reassignRequestSchema,
  ReportDto,
  ReportHistoryEntryDto,
  saveCategoryRequestSchema,
} from './reports.dto';
import { ChangeReport } from './usecases/change-report/change-report.usecase';
import { GetReport } from './usecases/get-report/get-report.usecase';
import { GetReportHistory } from './usecases/get-report-history/get-report-history.usecase';
import { ListReports } from './usecases/list-reports/list-reports.usecase';
import { SaveReportCategory } from './usecases/save-report-category/save-report-category.usecase';

/** A report with a link to its point on a map and to its photo, for the staff console. */
export function reportView(report: ReportRow): ReportDto {
  const mapUrl =
    report.lat !== null && report.lon !== null
      ? `https://www.openstreetmap.org/?mlat=${report.lat}&mlon=${report.lon}#map=18/${report.lat}/${report.lon}`
      : null;
  const { photoId, ...rest } = report;
  const photoUrl = photoId ? `/reports/${encodeURIComponent(report.reference)}/photo` : report.photoUrl;
  return { ...rest, photoUrl, mapUrl };
}

/** Citizen reports for staff: operators and supervisors of the report's department, and admins. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid staff token' })
@ApiForbiddenResponse({ description: 'Not an operator or supervisor of the report’s department' })
@UseGuards(StaffAuthGuard, ActiveStaffGuard)
@Roles('operator', 'supervisor')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly listReports: ListReports,
    private readonly getReport: GetReport,
    private readonly getReportHistory: GetReportHistory,
    private readonly changeReport: ChangeReport,
    private readonly saveReportCategory: SaveReportCategory,
    private readonly photos: ReportPhotos,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List reports of your departments, newest first' })
  @ApiQuery({ name: 'status', required: false, description: 'comma-separated statuses' })
  @ApiQuery({ name: 'category', required: false, description: 'comma-separated category codes' })
  @ApiQuery({ name: 'department', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'filed at or after (ISO 8601)' })
  @ApiQuery({ name: 'to', required: false, description: 'filed before (ISO 8601)' })
  @ApiQuery({ name: 'bbox', required: false, description: 'minLon,minLat,maxLon,maxLat' })
  @ApiQuery({
    name: 'publication',
    required: false,
    enum: ['awaiting', 'published', 'private'],
    description: 'awaiting: the citizen agreed to publication and no one has approved it yet',
  })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ type: [ReportDto] })
  async list(@Query() query: unknown, @CurrentStaff() staff: StaffClaims) {
    const filter = parseRequestBody(listReportsQuerySchema, query);
    return (await this.listReports.execute({ filter, staff })).map(reportView);
  }

  @Get('categories')
  @ApiOperation({ summary: 'The report categories and the department each is routed to' })
  async categories(): Promise<ReportCategory[]> {
    return this.repo.categories();
  }

  @Put('categories/:code')
  @Roles('admin')
  @ApiOperation({ summary: 'Create or change a category (admin)' })
  async saveCategory(@Param('code') code: string, @Body() body: unknown): Promise<ReportCategory> {
    const fields = typeof body === 'object' && body !== null ? body : {};
    const category = parseRequestBody(saveCategoryRequestSchema, { ...fields, code });
    return this.saveReportCategory.execute({ category });
  }

  @Get(':reference')
  @ApiOkResponse({ type: ReportDto })
  async get(@Param('reference') reference: string, @CurrentStaff() staff: StaffClaims) {
    return reportView(await this.getReport.execute({ reference, staff }));
  }

  @Get(':reference/history')
  @ApiOperation({
    summary:
      'What happened to the report, oldest first: filing, status changes with their notes, reassignments, publication',
  })
  @ApiOkResponse({ type: [ReportHistoryEntryDto] })
  async history(@Param('reference') reference: string, @CurrentStaff() staff: StaffClaims) {
    return this.getReportHistory.execute({ reference, staff });
  }

  @Post(':reference/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the status, with a note the citizen receives on Viber' })
  @ApiBody({ type: ChangeStatusRequestDto })
  @ApiOkResponse({ type: ReportDto })
  @ApiConflictResponse({ description: 'Already in that status, or closed' })
  async changeStatus(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffClaims,
  ) {
    const { status, note } = parseRequestBody(changeStatusRequestSchema, body);
    return reportView(
      await this.changeReport.execute({
        reference,
        change: { type: 'ChangeReportStatus', status, note },
        staff,
      }),
    );
  }

  @Post(':reference/duplicate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark as a duplicate of another report (closes it)' })
  @ApiBody({ type: MarkDuplicateRequestDto })
  @ApiOkResponse({ type: ReportDto })
  async markDuplicate(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffClaims,
  ) {
    const { duplicateOf, note } = parseRequestBody(markDuplicateRequestSchema, body);
    return reportView(
      await this.changeReport.execute({
        reference,
        change: { type: 'MarkReportDuplicate', duplicateOf, note },
        staff,
      }),
    );
  }

  @Get(':reference/photo')
  @ApiOperation({ summary: 'The photo the citizen sent with the report (staff of its department)' })
  async photo(
    @Param('reference') reference: string,
    @CurrentStaff() staff: StaffClaims,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.getReport.execute({ reference, staff });
    const photo = await this.photos.read(reference);
    if (!photo) throw new ReportRejected('not-found', `report ${reference} has no photo`);
    await reply
      .header('content-type', photo.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', 'inline')
      .header('cache-control', 'private, no-store')
      .send(photo.data);
  }

  @Post(':reference/publication')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Approve (or withdraw) publication on Open311: only when the citizen agreed; without notes or identity, the place rounded unless they agreed to the exact one',
  })
  @ApiBody({ type: PublicationRequestDto })
  @ApiOkResponse({ type: ReportDto })
  @ApiConflictResponse({ description: 'The citizen did not agree, or it is already so' })
  async publication(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffClaims,
  ) {
    const { published } = parseRequestBody(publicationRequestSchema, body);
    return reportView(
      await this.changeReport.execute({
        reference,
        change: { type: 'ChangeReportPublication', published },
        staff,
      }),
    );
  }

  @Post(':reference/reassign')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Move to another category and its department (supervisor of the current department, or admin)',
  })
  @ApiBody({ type: ReassignRequestDto })
  @ApiOkResponse({ type: ReportDto })
  async reassign(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @CurrentStaff() staff: StaffClaims,
  ) {
    const { category, reason } = parseRequestBody(reassignRequestSchema, body);
    return reportView(
      await this.changeReport.execute({
        reference,
        change: { type: 'ReassignReport', category, ...(reason ? { reason } : {}) },
        staff,
      }),
    );
  }
}
