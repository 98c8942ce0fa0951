import { Audience } from '@citizen-desk/contracts';

export interface GetAudienceSizeCommand {
  audience: Audience;
}
