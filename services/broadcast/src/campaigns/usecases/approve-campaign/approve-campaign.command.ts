import { StaffClaims } from '@citizen-desk/auth';

export interface ApproveCampaignCommand {
  staff: StaffClaims;
  campaignId: string;
  /** Instead of the time the author asked for: an instant, or a wall time in the municipality. */
  sendAt?: string;
  sendAtLocal?: string;
}
