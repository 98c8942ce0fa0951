import { CurrentStaff, Roles, StaffAuthGuard, StaffClaims } from '@citizen-desk/auth';
import { parseRequestBody } from '@citizen-desk/service-kit';
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { departmentSchema } from '../content';
import {
  departmentRequestSchema,
  dismissQuestionRequestSchema,
  fileQuestionRequestSchema,
  healthMeasuresRequestSchema,
  historyQuerySchema,
  idParamSchema,
  menuRequestSchema,
  newsRequestSchema,
  publishRequestSchema,
  rollbackRequestSchema,
  textsRequestSchema,
  topicOf,
  topicRequestSchema,
  tryRequestSchema,
} from './content-admin.requests';
import {
  DepartmentRequestDto,
  DismissedQuestionDto,
  DismissQuestionRequestDto,
  DraftEditResultDto,
  FiledQuestionDto,
  FileQuestionRequestDto,
  HealthMeasuresRequestDto,
  MenuNodeRequestDto,
  NewsRequestDto,
  PublishRequestDto,
  PublishResultDto,
  RollbackRequestDto,
  TextsRequestDto,
  TopicRequestDto,
  TryRequestDto,
  TryResultDto,
} from './content-admin.dto';
import { DiffContentDraft } from './usecases/diff-content-draft/diff-content-draft.usecase';
import { DismissNotUnderstood } from './usecases/dismiss-not-understood/dismiss-not-understood.usecase';
import { DiscardContentDraft } from './usecases/discard-content-draft/discard-content-draft.usecase';
import { EditContentDraft } from './usecases/edit-content-draft/edit-content-draft.usecase';
import { FileNotUnderstood } from './usecases/file-not-understood/file-not-understood.usecase';
import { GetContentDraft } from './usecases/get-content-draft/get-content-draft.usecase';
import { GetContentVersion } from './usecases/get-content-version/get-content-version.usecase';
import { ListContentHistory } from './usecases/list-content-history/list-content-history.usecase';
import { ListContentVersions } from './usecases/list-content-versions/list-content-versions.usecase';
import { PublishContentDraft } from './usecases/publish-content-draft/publish-content-draft.usecase';
import { RollbackContent } from './usecases/rollback-content/rollback-content.usecase';
import { TryContentDraft } from './usecases/try-content-draft/try-content-draft.usecase';

function idOf(value: string, what: string): string {
  const parsed = idParamSchema.safeParse(value);
  if (!parsed.success)
    throw new BadRequestException(`${what} must be kebab-case (lower-case letters, digits and -)`);
  return parsed.data;
}

/**
 * The content admin API: editors and admins change a draft of the bot's content, review the
 * difference, publish it as a new version (live on every replica at once) or roll back. Editors are
 * limited to their departments' topics and directory entries (see content-permissions.ts).
 */
@ApiTags('content')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid staff bearer token' })
@ApiForbiddenResponse({ description: 'Not an editor or admin, or the change is outside your departments' })
@UseGuards(StaffAuthGuard)
@Roles('editor', 'admin')
@Controller('dialog/content')
export class ContentAdminController {
  constructor(
    private readonly getVersion: GetContentVersion,
    private readonly listVersions: ListContentVersions,
    private readonly getDraft: GetContentDraft,
    private readonly diffDraft: DiffContentDraft,
    private readonly editDraft: EditContentDraft,
    private readonly discardDraft: DiscardContentDraft,
    private readonly publishDraft: PublishContentDraft,
    private readonly rollbackContent: RollbackContent,
    private readonly listHistory: ListContentHistory,
    private readonly tryDraft: TryContentDraft,
    private readonly fileQuestion: FileNotUnderstood,
    private readonly dismissQuestion: DismissNotUnderstood,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The published content in use: version, who published it, and the content' })
  published() {
    return this.getVersion.execute({ version: 'latest' });
  }

  @Get('versions')
  @ApiOperation({ summary: 'Every published version, newest first: version, publishedBy, publishedAt, note' })
  versions() {
    return this.listVersions.execute();
  }

  @Get('versions/:version')
  @ApiOperation({ summary: 'One published version with its content' })
  @ApiParam({ name: 'version', type: Number })
  @ApiNotFoundResponse({ description: 'No such version' })
  version(@Param('version') version: string) {
    const n = Number(version);
    if (!Number.isInteger(n) || n < 1) throw new BadRequestException('version must be a positive integer');
    return this.getVersion.execute({ version: n });
  }

  @Get('draft')
  @ApiOperation({
    summary: 'The working draft (a copy of the latest version while nobody has changed anything)',
  })
  draft() {
    return this.getDraft.execute();
  }

  @Get('draft/diff')
  @ApiOperation({ summary: 'What publishing the draft would change: [{ area, id, change, fields? }]' })
  diff() {
    return this.diffDraft.execute();
  }

  @Post('draft/try')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'What the bot would answer from the draft (not the published content): the same understanding and replies, nothing recorded or sent',
  })
  @ApiBody({ type: TryRequestDto })
  @ApiOkResponse({ type: TryResultDto })
  @ApiBadRequestResponse({ description: 'No text, or an unknown language' })
  tryIt(@Body() body: unknown) {
    return this.tryDraft.execute(parseRequestBody(tryRequestSchema, body));
  }

  @Post('draft/topics/:id/examples')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'File a not-understood question as an example phrase of a topic in the draft; it leaves the not-understood inbox',
  })
  @ApiParam({ name: 'id', example: 'contacts' })
  @ApiBody({ type: FileQuestionRequestDto })
  @ApiOkResponse({ type: FiledQuestionDto })
  @ApiNotFoundResponse({ description: 'The draft has no such topic' })
  fileExample(@CurrentStaff() staff: StaffClaims, @Param('id') id: string, @Body() body: unknown) {
    const { question, language } = parseRequestBody(fileQuestionRequestSchema, body);
    return this.fileQuestion.execute({ staff, topicId: idOf(id, 'the topic id'), question, language });
  }

  @Post('not-understood/dismissals')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Take a question off the not-understood inbox without adding it anywhere (it comes back if asked again later)',
  })
  @ApiBody({ type: DismissQuestionRequestDto })
  @ApiOkResponse({ type: DismissedQuestionDto })
  dismiss(@CurrentStaff() staff: StaffClaims, @Body() body: unknown) {
    const { question } = parseRequestBody(dismissQuestionRequestSchema, body);
    return this.dismissQuestion.execute({ staff, question });
  }

  @Put('draft/topics/:id')
  @ApiOperation({
    summary: 'Create or replace a topic in the draft; Cyrillic is generated from the Latin text unless given',
  })
  @ApiParam({ name: 'id', example: 'property-tax' })
  @ApiBody({ type: TopicRequestDto })
  @ApiOkResponse({ type: DraftEditResultDto })
  @ApiBadRequestResponse({ description: 'The topic is malformed' })
  putTopic(@CurrentStaff() staff: StaffClaims, @Param('id') id: string, @Body() body: unknown) {
    const topic = topicOf(idOf(id, 'the topic id'), parseRequestBody(topicRequestSchema, body));
    return this.editDraft.execute({ staff, edit: { type: 'PutTopic', topic } });
  }

  @Delete('draft/topics/:id')
  @ApiOperation({ summary: 'Delete a topic from the draft' })
  @ApiParam({ name: 'id' })
  @ApiOkResponse({ type: DraftEditResultDto })
  @ApiNotFoundResponse({ description: 'The draft has no such topic' })
  @ApiConflictResponse({
    description: 'A required topic, or one the menu or other topics still refer to (listed in `references`)',
  })
  deleteTopic(@CurrentStaff() staff: StaffClaims, @Param('id') id: string) {
    return this.editDraft.execute({
      staff,
      edit: { type: 'DeleteTopic', topicId: idOf(id, 'the topic id') },
    });
  }

  @Put('draft/departments/:id')
  @ApiOperation({ summary: 'Create or replace a directory entry in the draft' })
  @ApiParam({ name: 'id', example: 'local-revenue' })
  @ApiBody({ type: DepartmentRequestDto })
  @ApiOkResponse({ type: DraftEditResultDto })
  putDepartment(@CurrentStaff() staff: StaffClaims, @Param('id') id: string, @Body() body: unknown) {
    const fields = parseRequestBody(departmentRequestSchema, body);
    const department = departmentSchema.parse({ id: idOf(id, 'the department id'), ...fields });
    return this.editDraft.execute({ staff, edit: { type: 'PutDepartment', department } });
  }

  @Put('draft/health-measures')
  @ApiOperation({ summary: 'Replace the public-health measures in the draft' })
  @ApiBody({ type: HealthMeasuresRequestDto })
  @ApiOkResponse({ type: DraftEditResultDto })
  putHealthMeasures(@CurrentStaff() staff: StaffClaims, @Body() body: unknown) {
    const healthMeasures = parseRequestBody(healthMeasuresRequestSchema, body);
    return this.editDraft.execute({ staff, edit: { type: 'SetHealthMeasures', healthMeasures } });
  }

  @Put('draft/menu')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the menu tree in the draft (admin)' })
  @ApiBody({ type: MenuNodeRequestDto })
  @ApiOkResponse({ type: DraftEditResultDto })
  putMenu(@CurrentStaff() staff: StaffClaims, @Body() body: unknown) {
    const menu = parseRequestBody(menuRequestSchema, body);
    return this.editDraft.execute({ staff, edit: { type: 'SetMenu', menu } });
  }

  @Put('draft/texts')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace some UI texts in the draft (admin); the keys not given keep their text' })
  @ApiBody({ type: TextsRequestDto })
  @ApiOkResponse({ type: DraftEditResultDto })
  putTexts(@CurrentStaff() staff: StaffClaims, @Body() body: unknown) {
    const texts = parseRequestBody(textsRequestSchema, body);
    return this.editDraft.execute({ staff, edit: { type: 'SetTexts', texts } });
  }

  @Put('draft/news')
  @Roles('admin')
  @ApiOperation({ summary: "Replace the link to the municipality's news in the draft (admin)" })
  @ApiBody({ type: NewsRequestDto })
  @ApiOkResponse({ type: DraftEditResultDto })
  putNews(@CurrentStaff() staff: StaffClaims, @Body() body: unknown) {
    const { newsUrl } = parseRequestBody(newsRequestSchema, body);
    return this.editDraft.execute({ staff, edit: { type: 'SetNewsUrl', newsUrl } });
  }

  @Post('draft/discard')
  @HttpCode(200)
  @ApiOperation({ summary: 'Throw the draft away (an editor only when every change in it is theirs)' })
  @ApiOkResponse({ description: '{ discarded: boolean }' })
  discard(@CurrentStaff() staff: StaffClaims) {
    return this.discardDraft.execute({ staff });
  }

  @Post('publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the draft as the next version; it is live on every replica at once' })
  @ApiBody({ type: PublishRequestDto, required: false })
  @ApiOkResponse({ type: PublishResultDto })
  @ApiBadRequestResponse({ description: 'The draft is not valid content (`problems` lists why)' })
  @ApiConflictResponse({
    description: 'No draft, nothing changed, the draft is stale, or another publish won',
  })
  publish(@CurrentStaff() staff: StaffClaims, @Body() body: unknown) {
    const { note } = parseRequestBody(publishRequestSchema, body);
    return this.publishDraft.execute({ staff, note: note ?? null });
  }

  @Post('rollback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a new version equal to an earlier one' })
  @ApiBody({ type: RollbackRequestDto })
  @ApiOkResponse({ type: PublishResultDto })
  @ApiNotFoundResponse({ description: 'No such version' })
  @ApiConflictResponse({ description: 'That version is the one in use, or another publish won' })
  rollback(@CurrentStaff() staff: StaffClaims, @Body() body: unknown) {
    const { version, note } = parseRequestBody(rollbackRequestSchema, body);
    return this.rollbackContent.execute({ staff, toVersion: version, note: note ?? null });
  }

  @Get('history')
  @ApiOperation({ summary: 'Who changed what and when, newest first; page with `before`' })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'before', required: false, type: Number, description: 'nextBefore of the previous page' })
  @ApiOkResponse({ description: '{ entries: [{ position, type, at, by, data }], nextBefore }' })
  history(@Query() query: unknown) {
    const { limit, before } = parseRequestBody(historyQuerySchema, query);
    return this.listHistory.execute({ limit, ...(before !== undefined ? { before } : {}) });
  }
}
