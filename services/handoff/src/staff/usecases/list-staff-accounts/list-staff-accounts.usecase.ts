import { Injectable } from '@nestjs/common';
import { StaffAccountView, staffAccountViewOf } from '../../staff-account.views';
import { StaffAccountsRepository } from '../../staff-accounts.repository';

@Injectable()
export class ListStaffAccounts {
  constructor(
    private readonly repo: StaffAccountsRepository,
    private readonly now: () => Date,
  ) {}

  async execute(): Promise<StaffAccountView[]> {
    const now = this.now();
    return (await this.repo.list()).map((r) => staffAccountViewOf(r, now));
  }
}
