/**
 * Staff authentication and authorization, shared by every service.
 *
 * The handoff service owns the accounts and signs tokens (POST /auth/login) with its Ed25519 private
 * key; every service verifies them with the public key and refuses revoked sessions, both learnt from
 * NATS KV buckets (staff-token-directory.ts), without calling handoff. In a service:
 *
 *   const verifier = await StaffTokenVerifier.open(runtime.messaging, runtime.logger);
 *   createHttpApp({ ..., providers: [...staffAuthProviders(verifier)] })
 *
 *   @UseGuards(StaffAuthGuard) @Roles('editor')        // 401 without a valid token, 403 without the role
 *   @Controller('content') class ContentController {
 *     @Put(':id') save(@CurrentStaff() staff: StaffClaims) {
 *       if (!canActInDepartment(staff, departmentOfTheThing)) throw new ForbiddenException();
 *     }
 *   }
 */
export * from './staff-role';
export * from './staff-token';
export * from './password-hash';
export * from './password-policy';
export * from './authorization';
export * from './staff-auth.guard';
export * from './staff-keys';
export * from './staff-token-directory';
