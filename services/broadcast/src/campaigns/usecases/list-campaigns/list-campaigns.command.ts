import { StaffClaims } from '@citizen-desk/auth';
import { z } from 'zod';
import { listCampaignsQuery } from '../../campaign.requests';

export interface ListCampaignsCommand {
  staff: StaffClaims;
  query: z.infer<typeof listCampaignsQuery>;
}
