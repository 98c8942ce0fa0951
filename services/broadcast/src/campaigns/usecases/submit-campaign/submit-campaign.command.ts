import { StaffClaims } from '@citizen-desk/auth';

export interface SubmitCampaignCommand {
  staff: StaffClaims;
  campaignId: string;
}
