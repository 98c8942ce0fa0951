import { StaffClaims } from '@citizen-desk/auth';
import { Injectable } from '@nestjs/common';
import { namesVisibleTo, StaffName } from '../../staff-names';
import { StaffAccountsRepository } from '../../staff-accounts.repository';

/**
 * The names of the asked accounts the caller may read (see namesVisibleTo); unknown or hidden ids are left
 * out. An erased account's name reads ERASED: the id still says an account did it, no longer who.
 */
@Injectable()
export class ListStaffNames {
  constructor(private readonly repo: StaffAccountsRepository) {}

  async execute({ ids, by }: { ids: string[]; by: StaffClaims }): Promise<StaffName[]> {
    if (ids.length === 0) return [];
    return namesVisibleTo(by, await this.repo.findByIds(ids));
  }
}
