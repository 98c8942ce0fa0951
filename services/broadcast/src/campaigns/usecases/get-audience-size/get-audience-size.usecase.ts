import { AudienceSize, SubscribersRepository } from '../../../subscribers/subscribers.repository';
import { GetAudienceSizeCommand } from './get-audience-size.command';

/** How many subscribers an audience reaches now, per language: the composer's live count. */
export class GetAudienceSize {
  constructor(private readonly subscribers: SubscribersRepository) {}

  execute({ audience }: GetAudienceSizeCommand): Promise<AudienceSize> {
    return this.subscribers.audienceSize(audience);
  }
}
