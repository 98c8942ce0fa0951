import { canActInDepartment, StaffClaims } from '@citizen-desk/auth';
import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { Clock } from '../clock';
import { CampaignCommand } from './campaign.decide';
import { requestedSendTime } from './campaign.requests';
import { CampaignService } from './campaign.service';
import { CampaignState } from './campaign.state';
import { CampaignView, CampaignViews } from './campaign-view';
import { CampaignsRepository } from './campaigns.repository';

/** What the campaign use cases share: the clock and the municipality's time zone. */
export interface CampaignSettings {
  now: Clock;
  /** Wall-clock send times (`sendAtLocal`) are read in it. */
  timeZone: string;
}

/**
 * The steps every campaign use case takes: find the campaign within the caller's departments, run a
 * command at the clock's time, show the result.
 */
export class CampaignActions {
  constructor(
    readonly service: CampaignService,
    readonly campaigns: CampaignsRepository,
    readonly views: CampaignViews,
    readonly settings: CampaignSettings,
  ) {}

  /** The campaign, if it exists and is in one of the caller's departments (admins: any). */
  async visible(campaignId: string, staff: StaffClaims): Promise<CampaignState> {
    const state = await this.campaigns.find(campaignId);
    if (!state) throw new NotFoundException('no such campaign');
    if (!canActInDepartment(staff, state.department))
      throw new ForbiddenException(`not a member of ${state.department}`);
    return state;
  }

  /** Runs the command the caller's action makes (given the time now) on a campaign they may act on. */
  async act(
    staff: StaffClaims,
    campaignId: string,
    command: (at: string) => CampaignCommand,
  ): Promise<CampaignView> {
    await this.visible(campaignId, staff);
    const state = await this.service.execute(campaignId, command(this.at()));
    return this.views.view(state);
  }

  at(): string {
    return this.settings.now().toISOString();
  }

  /** The send time a request asks for (see requestedSendTime); 400 when it is not a time. */
  sendTime(req: { sendAt?: string | null; sendAtLocal?: string | null }): string | null | undefined {
    const r = requestedSendTime(req, this.settings.timeZone);
    if (!r.ok) throw new BadRequestException(r.message);
    return r.sendAt;
  }
}
