import { StaffClaims } from '@citizen-desk/auth';
import { z } from 'zod';
import { editCampaignRequest } from '../../campaign.requests';

export interface EditCampaignCommand {
  staff: StaffClaims;
  campaignId: string;
  request: z.infer<typeof editCampaignRequest>;
}
