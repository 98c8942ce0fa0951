import { StaffClaims } from '@citizen-desk/auth';
import { Language } from '@citizen-desk/contracts';

export interface SendTestCommand {
  staff: StaffClaims;
  campaignId: string;
  language: Language;
}
