import { StaffClaims } from '@citizen-desk/auth';

export interface ResumeCampaignCommand {
  staff: StaffClaims;
  campaignId: string;
}
