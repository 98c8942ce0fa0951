import { Clock } from '../../../clock';
import { StaffViberLinks } from '../../staff-viber-links';
import { LinkViberAccountCommand } from './link-viber-account.command';

/** A one-time code the staff member sends to the bot from their own Viber account, so tests go there. */
export class LinkViberAccount {
  constructor(
    private readonly links: StaffViberLinks,
    private readonly now: Clock,
  ) {}

  execute({ staff }: LinkViberAccountCommand): Promise<{ code: string; expiresAt: string }> {
    return this.links.issueCode(staff.sub, this.now());
  }
}
