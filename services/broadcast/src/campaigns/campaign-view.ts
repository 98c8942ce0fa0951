import { AudienceSize, SubscribersRepository } from '../subscribers/subscribers.repository';
import { CampaignStats, DeliveryRepository } from '../delivery/delivery.repository';
import { CampaignState } from './campaign.state';
import { CampaignListRow } from './campaigns.repository';

export interface CampaignView {
  id: string;
  title: string;
  department: string;
  status: CampaignState['status'];
  author: string;
  editors: string[];
  approvedBy: string | null;
  content: CampaignState['content'];
  audience: CampaignState['audience'];
  sendAt: string | null;
  requestedSendAt: string | null;
  createdAt: string | null;
  changedAt: string | null;
  submittedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  testsSent: number;
  audienceSize?: AudienceSize;
  stats?: CampaignStats & { targeted: number };
}

/** How the API shows a campaign: its state, the audience size before sending, and the live funnel after. */
export class CampaignViews {
  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly delivery: DeliveryRepository,
  ) {}

  async view(state: CampaignState): Promise<CampaignView> {
    const started = state.startedAt !== null;
    const stats = started ? await this.delivery.stats(state.campaignId, state.startedAt) : undefined;
    return {
      ...summaryOf(state),
      content: state.content,
      testsSent: state.testsSent,
      // Before sending, the size of the audience as it is now; once started, as it was at the start.
      audienceSize: started ? undefined : await this.subscribers.audienceSize(state.audience),
      stats: stats && { targeted: state.targeted ?? 0, ...stats },
    };
  }
}

/** A campaign in a list: no message text (the list may be long) and no counts (each costs a query). */
export function summaryOf(state: CampaignState) {
  return {
    id: state.campaignId,
    title: state.title,
    department: state.department,
    status: state.status,
    author: state.author,
    editors: state.editors ?? [state.author],
    approvedBy: state.approvedBy,
    audience: state.audience,
    sendAt: state.sendAt ?? state.requestedSendAt,
    requestedSendAt: state.requestedSendAt,
    createdAt: state.createdAt,
    changedAt: state.changedAt ?? state.createdAt,
    submittedAt: state.submittedAt ?? null,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
  };
}

export function listItemOf(row: CampaignListRow) {
  return { ...summaryOf(row.state), updatedAt: row.updatedAt };
}
