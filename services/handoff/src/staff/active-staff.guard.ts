import { StaffRequest } from '@citizen-desk/auth';
import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { StaffAccountsRepository } from './staff-accounts.repository';

/**
 * Used after StaffAuthGuard on the handoff service's own routes, which hold the accounts: a token
 * stays valid until it expires, but here a token of a deactivated account, or one claiming roles or
 * departments the account no longer has, is refused at once.
 */
@Injectable()
export class ActiveStaffGuard implements CanActivate {
  constructor(private readonly repo: StaffAccountsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const claims = context.switchToHttp().getRequest<StaffRequest>().staff;
    if (!claims) throw new UnauthorizedException('staff authentication required');
    const account = await this.repo.findById(claims.sub);
    const current =
      !!account &&
      account.active &&
      claims.roles.every((r) => account.roles.includes(r)) &&
      claims.departments.every((d) => account.departments.includes(d));
    if (!current)
      throw new UnauthorizedException('this account was deactivated or its roles changed; sign in again');
    return true;
  }
}
