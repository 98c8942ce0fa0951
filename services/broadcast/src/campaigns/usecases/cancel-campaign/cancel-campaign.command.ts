import { StaffClaims } from '@citizen-desk/auth';

export interface CancelCampaignCommand {
  staff: StaffClaims;
  campaignId: string;
  reason?: string;
}
