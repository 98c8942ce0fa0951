import { StaffClaims } from '@citizen-desk/auth';

export interface GetCampaignCommand {
  staff: StaffClaims;
  campaignId: string;
}
