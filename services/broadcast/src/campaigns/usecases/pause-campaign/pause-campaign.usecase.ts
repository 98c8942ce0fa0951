import { CampaignActions } from '../../campaign-actions';
import { CampaignView } from '../../campaign-view';
import { PauseCampaignCommand } from './pause-campaign.command';

/** Stops planning batches; those already with the gateway still go. */
export class PauseCampaign {
  constructor(private readonly actions: CampaignActions) {}

  execute({ staff, campaignId }: PauseCampaignCommand): Promise<CampaignView> {
    return this.actions.act(staff, campaignId, (at) => ({ type: 'PauseCampaign', by: staff.sub, at }));
  }
}
