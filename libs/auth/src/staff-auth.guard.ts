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
import { InvalidStaffToken, VerifiedStaffToken } from './staff-token';

/** What the guard verifies tokens with: signature with a published key, then revocation. */
export interface StaffTokenVerification {
  verify(token: string): Promise<VerifiedStaffToken>;
  isRevoked(token: VerifiedStaffToken): boolean;
  onRevocation(listener: () => void): () => void;
}

/** Injection token of the StaffTokenVerification the guard uses. */
export const STAFF_TOKEN_VERIFIER = Symbol('STAFF_TOKEN_VERIFIER');
const ROLES_KEY = 'citizen-desk:staff-roles';
const BEFORE_PASSWORD_CHANGE_KEY = 'citizen-desk:before-password-change';

/** What the guard answers a token that must change its password first, on any other route. */
export const PASSWORD_CHANGE_REQUIRED =
  'choose your own password first (POST /staff/{id}/password with currentPassword), then sign in again';

/** A request that passed StaffAuthGuard. */
export interface StaffRequest {
  headers: Record<string, string | string[] | undefined>;
  staff?: StaffClaims;
  /** The verified token behind `staff`: its session, for streams that must end on revocation. */
  staffToken?: VerifiedStaffToken;
}

/**
 * The roles a route needs (any one of them; admin always passes). On a controller it applies to every
 * route; on a method it replaces the controller's. Without it, any signed-in staff member passes.
 */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES_KEY, roles);

/**
 * A route a token with `mustChangePassword` may still use: changing the password, signing out, who am I.
 * Everything else answers 403 until the holder has chosen their own password.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE_KEY, true);

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

/**
 * 401 without a valid `Authorization: Bearer <token>`; 403 when the caller lacks the route's @Roles, or
 * must choose a new password before anything but @AllowedBeforePasswordChange routes.
 */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    @Inject(STAFF_TOKEN_VERIFIER) private readonly verifier: StaffTokenVerification,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    if (!token)
      throw new UnauthorizedException('a staff bearer token is required (Authorization: Bearer <token>)');
    try {
      request.staffToken = await this.verifier.verify(token);
      request.staff = request.staffToken.claims;
    } catch (e) {
      if (e instanceof InvalidStaffToken)
        throw new UnauthorizedException('the staff token is invalid, expired or revoked; sign in again');
      throw e;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (
      request.staff.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean | undefined>(BEFORE_PASSWORD_CHANGE_KEY, targets)
    )
      throw new ForbiddenException(PASSWORD_CHANGE_REQUIRED);
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
export function staffAuthProviders(verifier: StaffTokenVerification): Provider[] {
  return [{ provide: STAFF_TOKEN_VERIFIER, useValue: verifier }, StaffAuthGuard];
}
