import { StaffClaims } from '@citizen-desk/auth';
import { Audience } from '@citizen-desk/contracts';

export interface ChooseAudienceCommand {
  staff: StaffClaims;
  campaignId: string;
  audience: Audience;
}
