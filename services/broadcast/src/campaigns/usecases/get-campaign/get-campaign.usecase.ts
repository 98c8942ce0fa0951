import { CampaignActions } from '../../campaign-actions';
import { CampaignView } from '../../campaign-view';
import { GetCampaignCommand } from './get-campaign.command';

/** One campaign of the caller's departments, with its audience size or live funnel. */
export class GetCampaign {
  constructor(private readonly actions: CampaignActions) {}

  async execute({ staff, campaignId }: GetCampaignCommand): Promise<CampaignView> {
    return this.actions.views.view(await this.actions.visible(campaignId, staff));
  }
}
