import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Provider,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasRole } from './authorization';
import { StaffClaims, StaffRole } from './staff-role';
import { InvalidStaffToken, verifyStaffToken } from './staff-token';

/** Injection token of the secret the guard verifies staff tokens with. */
export const STAFF_TOKEN_SECRET = Symbol('STAFF_TOKEN_SECRET');
const ROLES_KEY = 'citizen-desk:staff-roles';

/** A request that passed StaffAuthGuard. */
export interface StaffRequest {
  headers: Record<string, string | string[] | undefined>;
  staff?: StaffClaims;
}

/**
 * The roles a route needs (any one of them; admin always passes). On a controller it applies to every
 * route; on a method it replaces the controller's. Without it, any signed-in staff member passes.
 */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES_KEY, roles);

/** The verified claims of the caller, in a route guarded by StaffAuthGuard. */
export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffClaims => {
  const staff = ctx.switchToHttp().getRequest<StaffRequest>().staff;
  // Only reachable when a route uses @CurrentStaff() without the guard: a programming error, never a 200.
  if (!staff) throw new UnauthorizedException('staff authentication required');
  return staff;
});

export function bearerTokenOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}

/** 401 without a valid `Authorization: Bearer <token>`; 403 when the caller lacks the route's @Roles. */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    @Inject(STAFF_TOKEN_SECRET) private readonly secret: string,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    if (!token)
      throw new UnauthorizedException('a staff bearer token is required (Authorization: Bearer <token>)');
    try {
      request.staff = await verifyStaffToken(token, this.secret);
    } catch (e) {
      if (e instanceof InvalidStaffToken)
        throw new UnauthorizedException('the staff token is invalid or expired; sign in again');
      throw e;
    }
    const roles =
      this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    if (!hasRole(request.staff, ...roles))
      throw new ForbiddenException(`this needs one of the roles: ${roles.join(', ')}`);
    return true;
  }
}

/** What a service adds to createHttpApp's providers so that `@UseGuards(StaffAuthGuard)` works in it. */
export function staffAuthProviders(secret: string): Provider[] {
  return [{ provide: STAFF_TOKEN_SECRET, useValue: secret }, StaffAuthGuard];
}
