import { StaffClaims } from '@citizen-desk/auth';

export interface PauseCampaignCommand {
  staff: StaffClaims;
  campaignId: string;
}
