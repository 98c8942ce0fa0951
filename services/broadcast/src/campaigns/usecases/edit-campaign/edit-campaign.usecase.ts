import { CampaignActions } from '../../campaign-actions';
import { CampaignView } from '../../campaign-view';
import { EditCampaignCommand } from './edit-campaign.command';

/** Changes the title, text or requested time; after submission the campaign goes back to a draft. */
export class EditCampaign {
  constructor(private readonly actions: CampaignActions) {}

  async execute({ staff, campaignId, request }: EditCampaignCommand): Promise<CampaignView> {
    const sendAt = this.actions.sendTime(request);
    return this.actions.act(staff, campaignId, (at) => ({
      type: 'EditCampaign',
      ...(request.title !== undefined ? { title: request.title } : {}),
      ...(request.content !== undefined ? { content: request.content } : {}),
      ...(sendAt !== undefined ? { sendAt } : {}),
      by: staff.sub,
      at,
    }));
  }
}
