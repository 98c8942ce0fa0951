import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { canActInDepartment, CurrentStaff, Roles, StaffAuthGuard, StaffClaims } from '@citizen-desk/auth';
import { parseRequestBody } from '@citizen-desk/service-kit';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { CampaignCommand } from './campaign.decide';
import {
  approveRequest,
  audienceFromQuery,
  cancelRequest,
  chooseAudienceRequest,
  createCampaignRequest,
  sendTestRequest,
} from './campaign.requests';
import { CampaignService } from './campaign.service';
import { CampaignState } from './campaign.state';
import { CampaignsRepository } from './campaigns.repository';
import { LINK_CODE_TTL_SECONDS, StaffViberLinks, TEST_SENDS_PER_HOUR } from './staff-viber-links';

const AUTHORS = ['editor', 'supervisor', 'official'] as const;
const CONTROLLERS = ['supervisor', 'official'] as const;

@ApiTags('campaigns')
@ApiBearerAuth()
@UseGuards(StaffAuthGuard)
@Controller('broadcast')
export class CampaignsController {
  constructor(
    private readonly service: CampaignService,
    private readonly campaigns: CampaignsRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly delivery: DeliveryRepository,
    private readonly links: StaffViberLinks,
  ) {}

  @Post('campaigns')
  @Roles(...AUTHORS)
  @ApiBody({
    description:
      '{ title, department, content: { texts: { "cnr-Latn", "cnr-Cyrl"?, en? }, pictureUrl?, link?: { url, label }, keyboard? }, audience?: { categories, languages }, sendAt? }',
  })
  @ApiOkResponse({ description: 'The draft campaign, with its audience size' })
  async create(@Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    const req = parseRequestBody(createCampaignRequest, body);
    if (!canActInDepartment(staff, req.department))
      throw new ForbiddenException(`not a member of ${req.department}`);
    const campaignId = randomUUID();
    const command: CampaignCommand = {
      type: 'CreateCampaign',
      campaignId,
      ...req,
      by: staff.sub,
      at: new Date().toISOString(),
    };
    const state = await this.service.execute(campaignId, command);
    return this.view(state);
  }

  @Get('campaigns/:id')
  @ApiOkResponse({
    description:
      'The campaign and live counts: targeted, sent, delivered, seen, failed by reason, unsubscribed since',
  })
  async get(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.view(await this.campaignFor(id, staff));
  }

  @Get('audience')
  @ApiQuery({ name: 'categories', required: false, description: 'comma-separated' })
  @ApiQuery({ name: 'languages', required: false, description: 'comma-separated: cnr-Latn, cnr-Cyrl, en' })
  @ApiOkResponse({ description: 'How many subscribers an audience reaches now, per language' })
  async audience(@Query('categories') categories?: string, @Query('languages') languages?: string) {
    const audience = audienceFromQuery(categories, languages);
    if (!audience.success)
      throw new BadRequestException(
        audience.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    return this.subscribers.audienceSize(audience.data);
  }

  @Post('campaigns/:id/audience')
  @HttpCode(200)
  @Roles(...AUTHORS)
  async chooseAudience(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    const { audience } = parseRequestBody(chooseAudienceRequest, body);
    return this.act(id, staff, {
      type: 'ChooseAudience',
      audience,
      by: staff.sub,
      at: new Date().toISOString(),
    });
  }

  @Post('me/viber-link')
  @HttpCode(200)
  @Roles(...AUTHORS)
  @ApiOkResponse({
    description: `{ code, expiresAt }: send the code to the bot on Viber from your own account within ${LINK_CODE_TTL_SECONDS / 60} minutes; test sends then go there`,
  })
  async linkViber(@CurrentStaff() staff: StaffClaims) {
    return this.links.issueCode(staff.sub);
  }

  @Get('me/viber-link')
  @Roles(...AUTHORS)
  @ApiOkResponse({ description: '{ linked, linkedAt }: whether test sends have a Viber account to go to' })
  async viberLink(@CurrentStaff() staff: StaffClaims) {
    const link = await this.links.linkOf(staff.sub);
    return { linked: !!link, linkedAt: link?.linkedAt ?? null };
  }

  @Post('campaigns/:id/test')
  @HttpCode(200)
  @Roles(...AUTHORS)
  @ApiBody({
    description: `{ language?: cnr-Latn | cnr-Cyrl | en } — to your own linked Viber account only (POST /broadcast/me/viber-link), at most ${TEST_SENDS_PER_HOUR} an hour`,
  })
  async test(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    const req = parseRequestBody(sendTestRequest, body);
    await this.campaignFor(id, staff);
    const state = await this.links.withTestSend(staff.sub, (manager, citizenId) =>
      this.service.execute(
        id,
        {
          type: 'SendTest',
          citizenId,
          language: req.language,
          messageId: randomUUID(),
          by: staff.sub,
          at: new Date().toISOString(),
        },
        manager,
      ),
    );
    return this.view(state);
  }

  @Post('campaigns/:id/submit')
  @HttpCode(200)
  @Roles(...AUTHORS)
  async submit(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.act(id, staff, { type: 'SubmitCampaign', by: staff.sub, at: new Date().toISOString() });
  }

  @Post('campaigns/:id/approve')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiBody({
    required: false,
    description: '{ sendAt?: ISO 8601 } — absent: at the time the author asked for, or now',
  })
  async approve(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    const req = parseRequestBody(approveRequest, body);
    return this.act(id, staff, {
      type: 'ApproveCampaign',
      ...req,
      by: staff.sub,
      at: new Date().toISOString(),
    });
  }

  @Post('campaigns/:id/pause')
  @HttpCode(200)
  @Roles(...CONTROLLERS)
  async pause(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.act(id, staff, { type: 'PauseCampaign', by: staff.sub, at: new Date().toISOString() });
  }

  @Post('campaigns/:id/resume')
  @HttpCode(200)
  @Roles(...CONTROLLERS)
  async resume(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.act(id, staff, { type: 'ResumeCampaign', by: staff.sub, at: new Date().toISOString() });
  }

  @Post('campaigns/:id/cancel')
  @HttpCode(200)
  @Roles(...CONTROLLERS)
  async cancel(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    const req = parseRequestBody(cancelRequest, body);
    return this.act(id, staff, {
      type: 'CancelCampaign',
      ...req,
      by: staff.sub,
      at: new Date().toISOString(),
    });
  }

  private async campaignFor(id: string, staff: StaffClaims): Promise<CampaignState> {
    const state = await this.campaigns.find(id);
    if (!state) throw new NotFoundException('no such campaign');
    if (!canActInDepartment(staff, state.department))
      throw new ForbiddenException(`not a member of ${state.department}`);
    return state;
  }

  private async act(id: string, staff: StaffClaims, command: CampaignCommand) {
    await this.campaignFor(id, staff);
    const state = await this.service.execute(id, command);
    return this.view(state);
  }

  private async view(state: CampaignState) {
    const started = state.startedAt !== null;
    const stats = started ? await this.delivery.stats(state.campaignId, state.startedAt) : undefined;
    return {
      id: state.campaignId,
      title: state.title,
      department: state.department,
      status: state.status,
      author: state.author,
      editors: state.editors ?? [state.author],
      approvedBy: state.approvedBy,
      content: state.content,
      audience: state.audience,
      sendAt: state.sendAt ?? state.requestedSendAt,
      createdAt: state.createdAt,
      startedAt: state.startedAt,
      finishedAt: state.finishedAt,
      testsSent: state.testsSent,
      // Before sending, the size of the audience as it is now; once started, as it was at the start.
      audienceSize: started ? undefined : await this.subscribers.audienceSize(state.audience),
      stats: stats && { targeted: state.targeted ?? 0, ...stats },
    };
  }
}
