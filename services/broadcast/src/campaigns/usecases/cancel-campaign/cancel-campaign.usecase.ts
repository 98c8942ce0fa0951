import { CampaignActions } from '../../campaign-actions';
import { CampaignView } from '../../campaign-view';
import { CancelCampaignCommand } from './cancel-campaign.command';

/** Ends a campaign before or while it is sent; nothing more is planned. */
export class CancelCampaign {
  constructor(private readonly actions: CampaignActions) {}

  execute({ staff, campaignId, reason }: CancelCampaignCommand): Promise<CampaignView> {
    return this.actions.act(staff, campaignId, (at) => ({
      type: 'CancelCampaign',
      ...(reason !== undefined ? { reason } : {}),
      by: staff.sub,
      at,
    }));
  }
}
