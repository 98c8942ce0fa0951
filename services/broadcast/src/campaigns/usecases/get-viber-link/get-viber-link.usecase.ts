import { StaffViberLinks } from '../../staff-viber-links';
import { GetViberLinkCommand } from './get-viber-link.command';

/** Whether test sends have a Viber account of the caller's to go to. */
export class GetViberLink {
  constructor(private readonly links: StaffViberLinks) {}

  async execute({ staff }: GetViberLinkCommand): Promise<{ linked: boolean; linkedAt: string | null }> {
    const link = await this.links.linkOf(staff.sub);
    return { linked: !!link, linkedAt: link?.linkedAt ?? null };
  }
}
