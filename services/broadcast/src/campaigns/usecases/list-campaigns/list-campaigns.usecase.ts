import { canActInDepartment } from '@citizen-desk/auth';
import { ForbiddenException } from '@nestjs/common';
import { listItemOf } from '../../campaign-view';
import { CampaignsRepository } from '../../campaigns.repository';
import { ListCampaignsCommand } from './list-campaigns.command';

/**
 * The campaigns of the caller's departments (an admin's: all), newest change first. With
 * `awaitingMyApproval` only those submitted that the caller may approve: four eyes, so never their own
 * nor one they changed.
 */
export class ListCampaigns {
  constructor(private readonly campaigns: CampaignsRepository) {}

  async execute({ staff, query }: ListCampaignsCommand) {
    if (query.department && !canActInDepartment(staff, query.department))
      throw new ForbiddenException(`not a member of ${query.department}`);
    const admin = staff.roles.includes('admin');
    const departments = query.department ? [query.department] : admin ? null : staff.departments;
    const { total, items } = await this.campaigns.list({
      departments,
      statuses: query.status,
      approvableBy: query.awaitingMyApproval === 'true' ? staff.sub : undefined,
      limit: query.limit,
      offset: query.offset,
    });
    return { total, limit: query.limit, offset: query.offset, items: items.map(listItemOf) };
  }
}
