import { CampaignActions } from '../../campaign-actions';
import { CampaignView } from '../../campaign-view';
import { SubmitCampaignCommand } from './submit-campaign.command';

/** A draft goes to the department's supervisors for approval. */
export class SubmitCampaign {
  constructor(private readonly actions: CampaignActions) {}

  execute({ staff, campaignId }: SubmitCampaignCommand): Promise<CampaignView> {
    return this.actions.act(staff, campaignId, (at) => ({ type: 'SubmitCampaign', by: staff.sub, at }));
  }
}
