import { StaffClaims } from '@citizen-desk/auth';
import { z } from 'zod';
import { createCampaignRequest } from '../../campaign.requests';

export interface CreateCampaignCommand {
  staff: StaffClaims;
  request: z.infer<typeof createCampaignRequest>;
}
