/**
 * Staff authentication and authorization, shared by every service.
 *
 * The handoff service owns the accounts and signs tokens (POST /auth/login); every service verifies
 * them with the shared STAFF_TOKEN_SECRET, without calling handoff. In a service:
 *
 *   createHttpApp({ ..., providers: [...staffAuthProviders(config.STAFF_TOKEN_SECRET)] })
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
