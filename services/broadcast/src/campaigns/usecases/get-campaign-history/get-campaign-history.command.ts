import { StaffClaims } from '@citizen-desk/auth';

export interface GetCampaignHistoryCommand {
  staff: StaffClaims;
  campaignId: string;
}
