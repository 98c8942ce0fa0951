import { ServiceRuntime } from '@citizen-desk/service-kit';
import { CampaignActions } from '../../campaign-actions';
import { CampaignHistory, campaignHistory } from '../../campaign-changes';
import { campaignStreamId } from '../../campaign.state';
import { GetCampaignHistoryCommand } from './get-campaign-history.command';

/** Who did what to a campaign, and what changed since it was last submitted or approved (for the approver). */
export class GetCampaignHistory {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly actions: CampaignActions,
  ) {}

  async execute({ staff, campaignId }: GetCampaignHistoryCommand): Promise<CampaignHistory> {
    await this.actions.visible(campaignId, staff);
    const { events } = await this.runtime.eventStore.readStream(campaignStreamId(campaignId));
    return campaignHistory(events);
  }
}
