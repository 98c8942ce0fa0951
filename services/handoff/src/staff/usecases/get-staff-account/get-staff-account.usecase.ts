import { Injectable } from '@nestjs/common';
import { StaffAccountRejected } from '../../staff-account.decide';
import { StaffAccountView, staffAccountViewOf } from '../../staff-account.views';
import { StaffAccountsRepository } from '../../staff-accounts.repository';
import { GetStaffAccountCommand } from './get-staff-account.command';

@Injectable()
export class GetStaffAccount {
  constructor(
    private readonly repo: StaffAccountsRepository,
    private readonly now: () => Date,
  ) {}

  async execute({ id }: GetStaffAccountCommand): Promise<StaffAccountView> {
    const row = await this.repo.findById(id);
    if (!row) throw new StaffAccountRejected('not-found', `no staff account ${id}`);
    return staffAccountViewOf(row, this.now());
  }
}
