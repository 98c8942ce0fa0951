import { CampaignActions } from '../../campaign-actions';
import { CampaignView } from '../../campaign-view';
import { ApproveCampaignCommand } from './approve-campaign.command';

/** A second person lets a submitted campaign go, at the time asked for or one they set (four eyes). */
export class ApproveCampaign {
  constructor(private readonly actions: CampaignActions) {}

  async execute({ staff, campaignId, ...time }: ApproveCampaignCommand): Promise<CampaignView> {
    const sendAt = this.actions.sendTime(time) ?? undefined;
    return this.actions.act(staff, campaignId, (at) => ({
      type: 'ApproveCampaign',
      ...(sendAt ? { sendAt } : {}),
      by: staff.sub,
      at,
    }));
  }
}
