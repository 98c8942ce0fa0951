import { randomUUID } from 'node:crypto';
import { canActInDepartment } from '@citizen-desk/auth';
import { ForbiddenException } from '@nestjs/common';
import { CampaignActions } from '../../campaign-actions';
import { CampaignView } from '../../campaign-view';
import { CreateCampaignCommand } from './create-campaign.command';

/** A draft in one of the author's departments, with its audience and the time the author asks for. */
export class CreateCampaign {
  constructor(private readonly actions: CampaignActions) {}

  async execute({ staff, request }: CreateCampaignCommand): Promise<CampaignView> {
    if (!canActInDepartment(staff, request.department))
      throw new ForbiddenException(`not a member of ${request.department}`);
    const sendAt = this.actions.sendTime(request) ?? undefined;
    const campaignId = randomUUID();
    const state = await this.actions.service.execute(campaignId, {
      type: 'CreateCampaign',
      campaignId,
      title: request.title,
      department: request.department,
      content: request.content,
      audience: request.audience,
      ...(sendAt ? { sendAt } : {}),
      by: staff.sub,
      at: this.actions.at(),
    });
    return this.actions.views.view(state);
  }
}
