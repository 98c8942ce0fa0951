import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffAuthGuard, StaffClaims } from '@citizen-desk/auth';
import { parseRequestBody } from '@citizen-desk/service-kit';
import {
  approveRequest,
  audienceFromQuery,
  cancelRequest,
  chooseAudienceRequest,
  createCampaignRequest,
  editCampaignRequest,
  listCampaignsQuery,
  sendTestRequest,
} from './campaign.requests';
import { LINK_CODE_TTL_SECONDS, TEST_SENDS_PER_HOUR } from './staff-viber-links';
import { ApproveCampaign } from './usecases/approve-campaign/approve-campaign.usecase';
import { CancelCampaign } from './usecases/cancel-campaign/cancel-campaign.usecase';
import { ChooseAudience } from './usecases/choose-audience/choose-audience.usecase';
import { CreateCampaign } from './usecases/create-campaign/create-campaign.usecase';
import { EditCampaign } from './usecases/edit-campaign/edit-campaign.usecase';
import { GetAudienceSize } from './usecases/get-audience-size/get-audience-size.usecase';
import { GetCampaignHistory } from './usecases/get-campaign-history/get-campaign-history.usecase';
import { GetCampaign } from './usecases/get-campaign/get-campaign.usecase';
import { GetViberLink } from './usecases/get-viber-link/get-viber-link.usecase';
import { LinkViberAccount } from './usecases/link-viber-account/link-viber-account.usecase';
import { ListCampaigns } from './usecases/list-campaigns/list-campaigns.usecase';
import { PauseCampaign } from './usecases/pause-campaign/pause-campaign.usecase';
import { ResumeCampaign } from './usecases/resume-campaign/resume-campaign.usecase';
import { SendTest } from './usecases/send-test/send-test.usecase';
import { SubmitCampaign } from './usecases/submit-campaign/submit-campaign.usecase';

const AUTHORS = ['editor', 'supervisor', 'official'] as const;
const CONTROLLERS = ['supervisor', 'official'] as const;
const SEND_TIME =
  'sendAt: ISO 8601 with offset, or sendAtLocal: YYYY-MM-DDTHH:mm on the municipality’s clocks (BROADCAST_TIME_ZONE)';

/** HTTP only: parses the request and hands it to its use case. */
@ApiTags('campaigns')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('broadcast')
export class CampaignsController {
  constructor(
    private readonly createCampaign: CreateCampaign,
    private readonly getCampaign: GetCampaign,
    private readonly listCampaigns: ListCampaigns,
    private readonly getHistory: GetCampaignHistory,
    private readonly audienceSize: GetAudienceSize,
    private readonly editCampaign: EditCampaign,
    private readonly chooseAudienceOf: ChooseAudience,
    private readonly sendTest: SendTest,
    private readonly submitCampaign: SubmitCampaign,
    private readonly approveCampaign: ApproveCampaign,
    private readonly pauseCampaign: PauseCampaign,
    private readonly resumeCampaign: ResumeCampaign,
    private readonly cancelCampaign: CancelCampaign,
    private readonly linkViberAccount: LinkViberAccount,
    private readonly getViberLink: GetViberLink,
  ) {}

  @Post('campaigns')
  @Roles(...AUTHORS)
  @ApiBody({
    description: `{ title, department, content: { texts: { "cnr-Latn", "cnr-Cyrl"?, en? }, pictureUrl?, link?: { url, label }, keyboard? }, audience?: { categories, languages }, ${SEND_TIME} }`,
  })
  @ApiOkResponse({ description: 'The draft campaign, with its audience size' })
  create(@Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    return this.createCampaign.execute({ staff, request: parseRequestBody(createCampaignRequest, body) });
  }

  @Get('campaigns')
  @ApiQuery({
    name: 'status',
    required: false,
    description: 'comma-separated: draft, submitted, scheduled, sending, paused, cancelled, completed',
  })
  @ApiQuery({ name: 'department', required: false, description: 'one of yours (admins: any)' })
  @ApiQuery({
    name: 'awaitingMyApproval',
    required: false,
    enum: ['true', 'false'],
    description: 'true: only submitted campaigns you may approve (neither created nor changed by you)',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1–100, default 50' })
  @ApiQuery({ name: 'offset', required: false, description: 'default 0' })
  @ApiOkResponse({
    description:
      '{ total, limit, offset, items: [{ id, title, department, status, author, editors, approvedBy, audience, sendAt, createdAt, changedAt, submittedAt, updatedAt, … }] }, newest change first; your departments only',
  })
  list(
    @CurrentStaff() staff: StaffClaims,
    @Query('status') status?: string,
    @Query('department') department?: string,
    @Query('awaitingMyApproval') awaitingMyApproval?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ) {
    const query = parseRequestBody(listCampaignsQuery, {
      status,
      department,
      awaitingMyApproval,
      limit,
      offset,
    });
    return this.listCampaigns.execute({ staff, query });
  }

  @Get('campaigns/:id')
  @ApiOkResponse({
    description:
      'The campaign and live counts: targeted, sent, delivered, seen, failed by reason, unsubscribed since',
  })
  get(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.getCampaign.execute({ staff, campaignId: id });
  }

  @Get('campaigns/:id/history')
  @ApiOkResponse({
    description:
      '{ history: [{ version, type, by, at, fields? }], sinceReview: { since: { kind: submitted | approved, by, at } | null, changes: [{ field, before, after, words?: [{ op: same | added | removed, text }] }] } } — what changed since the version last submitted or approved',
  })
  history(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.getHistory.execute({ staff, campaignId: id });
  }

  @Patch('campaigns/:id')
  @Roles(...AUTHORS)
  @ApiBody({
    description: `{ title?, content?, sendAt?: ISO 8601 | null, sendAtLocal? } — only what is given changes; after submission the campaign goes back to a draft`,
  })
  edit(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    return this.editCampaign.execute({
      staff,
      campaignId: id,
      request: parseRequestBody(editCampaignRequest, body),
    });
  }

  @Get('audience')
  @ApiQuery({ name: 'categories', required: false, description: 'comma-separated' })
  @ApiQuery({ name: 'languages', required: false, description: 'comma-separated: cnr-Latn, cnr-Cyrl, en' })
  @ApiOkResponse({ description: 'How many subscribers an audience reaches now, per language' })
  audience(@Query('categories') categories?: string, @Query('languages') languages?: string) {
    const audience = audienceFromQuery(categories, languages);
    if (!audience.success)
      throw new BadRequestException(
        audience.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    return this.audienceSize.execute({ audience: audience.data });
  }

  @Post('campaigns/:id/audience')
  @HttpCode(200)
  @Roles(...AUTHORS)
  chooseAudience(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    const { audience } = parseRequestBody(chooseAudienceRequest, body);
    return this.chooseAudienceOf.execute({ staff, campaignId: id, audience });
  }

  @Post('me/viber-link')
  @HttpCode(200)
  @Roles(...AUTHORS)
  @ApiOkResponse({
    description: `{ code, expiresAt }: send the code to the bot on Viber from your own account within ${LINK_CODE_TTL_SECONDS / 60} minutes; test sends then go there`,
  })
  linkViber(@CurrentStaff() staff: StaffClaims) {
    return this.linkViberAccount.execute({ staff });
  }

  @Get('me/viber-link')
  @Roles(...AUTHORS)
  @ApiOkResponse({ description: '{ linked, linkedAt }: whether test sends have a Viber account to go to' })
  viberLink(@CurrentStaff() staff: StaffClaims) {
    return this.getViberLink.execute({ staff });
  }

  @Post('campaigns/:id/test')
  @HttpCode(200)
  @Roles(...AUTHORS)
  @ApiBody({
    description: `{ language?: cnr-Latn | cnr-Cyrl | en } — to your own linked Viber account only (POST /broadcast/me/viber-link), at most ${TEST_SENDS_PER_HOUR} an hour`,
  })
  test(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    const { language } = parseRequestBody(sendTestRequest, body);
    return this.sendTest.execute({ staff, campaignId: id, language });
  }

  @Post('campaigns/:id/submit')
  @HttpCode(200)
  @Roles(...AUTHORS)
  submit(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.submitCampaign.execute({ staff, campaignId: id });
  }

  @Post('campaigns/:id/approve')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiBody({
    required: false,
    description: `{ ${SEND_TIME} } — absent: at the time the author asked for, or now`,
  })
  approve(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    const time = parseRequestBody(approveRequest, body);
    return this.approveCampaign.execute({ staff, campaignId: id, ...time });
  }

  @Post('campaigns/:id/pause')
  @HttpCode(200)
  @Roles(...CONTROLLERS)
  pause(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.pauseCampaign.execute({ staff, campaignId: id });
  }

  @Post('campaigns/:id/resume')
  @HttpCode(200)
  @Roles(...CONTROLLERS)
  resume(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.resumeCampaign.execute({ staff, campaignId: id });
  }

  @Post('campaigns/:id/cancel')
  @HttpCode(200)
  @Roles(...CONTROLLERS)
  cancel(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    const { reason } = parseRequestBody(cancelRequest, body);
    return this.cancelCampaign.execute({ staff, campaignId: id, reason });
  }
}
