import { CampaignActions } from '../../campaign-actions';
import { CampaignView } from '../../campaign-view';
import { ResumeCampaignCommand } from './resume-campaign.command';

/** A paused campaign goes on from where its fan-out stopped. */
export class ResumeCampaign {
  constructor(private readonly actions: CampaignActions) {}

  execute({ staff, campaignId }: ResumeCampaignCommand): Promise<CampaignView> {
    return this.actions.act(staff, campaignId, (at) => ({ type: 'ResumeCampaign', by: staff.sub, at }));
  }
}
