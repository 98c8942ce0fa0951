import { randomUUID } from 'node:crypto';
import { CampaignActions } from '../../campaign-actions';
import { CampaignView } from '../../campaign-view';
import { StaffViberLinks } from '../../staff-viber-links';
import { SendTestCommand } from './send-test.command';

/** The campaign to the caller's own linked Viber account, within the hourly limit, and nowhere else. */
export class SendTest {
  constructor(
    private readonly actions: CampaignActions,
    private readonly links: StaffViberLinks,
  ) {}

  async execute({ staff, campaignId, language }: SendTestCommand): Promise<CampaignView> {
    await this.actions.visible(campaignId, staff);
    const state = await this.links.withTestSend(staff.sub, (manager, citizenId) =>
      this.actions.service.execute(
        campaignId,
        {
          type: 'SendTest',
          citizenId,
          language,
          messageId: randomUUID(),
          by: staff.sub,
          at: this.actions.at(),
        },
        manager,
      ),
    );
    return this.actions.views.view(state);
  }
}
