import { CampaignActions } from '../../campaign-actions';
import { CampaignView } from '../../campaign-view';
import { ChooseAudienceCommand } from './choose-audience.command';

/** Who gets the campaign, by category and language; after submission it goes back to a draft. */
export class ChooseAudience {
  constructor(private readonly actions: CampaignActions) {}

  execute({ staff, campaignId, audience }: ChooseAudienceCommand): Promise<CampaignView> {
    return this.actions.act(staff, campaignId, (at) => ({
      type: 'ChooseAudience',
      audience,
      by: staff.sub,
      at,
    }));
  }
}
