import {
  AllowedBeforePasswordChange,
  CurrentStaff,
  Roles,
  StaffAuthGuard,
  StaffClaims,
} from '@citizen-desk/auth';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { parseRequestBody } from '@citizen-desk/service-kit';
import { ActiveStaffGuard } from './active-staff.guard';
import {
  ChangePasswordRequestDto,
  changePasswordRequestSchema,
  CreateStaffRequestDto,
  createStaffRequestSchema,
  StaffAccountDto,
  StaffNameDto,
  staffNamesQuerySchema,
  UpdateStaffRequestDto,
  updateStaffRequestSchema,
} from './staff.dto';
import { ChangeStaffPassword } from './usecases/change-staff-password/change-staff-password.usecase';
import { CreateStaffAccount } from './usecases/create-staff-account/create-staff-account.usecase';
import { GetStaffAccount } from './usecases/get-staff-account/get-staff-account.usecase';
import { ListStaffAccounts } from './usecases/list-staff-accounts/list-staff-accounts.usecase';
import { ListStaffNames } from './usecases/list-staff-names/list-staff-names.usecase';
import { UpdateStaffAccount } from './usecases/update-staff-account/update-staff-account.usecase';

/**
 * Staff account administration; every route but the password change and the names is for admins only.
 */
@ApiTags('staff')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid staff token' })
@ApiForbiddenResponse({ description: 'Not an admin' })
@UseGuards(StaffAuthGuard, ActiveStaffGuard)
@Controller('staff')
export class StaffController {
  constructor(
    private readonly createAccount: CreateStaffAccount,
    private readonly listAccounts: ListStaffAccounts,
    private readonly listNames: ListStaffNames,
    private readonly getAccount: GetStaffAccount,
    private readonly updateAccount: UpdateStaffAccount,
    private readonly changeStaffPassword: ChangeStaffPassword,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a staff account' })
  @ApiBody({ type: CreateStaffRequestDto })
  @ApiCreatedResponse({ type: StaffAccountDto })
  @ApiConflictResponse({ description: 'The email has an account already' })
  async create(@Body() body: unknown, @CurrentStaff() by: StaffClaims) {
    return this.createAccount.execute({ ...parseRequestBody(createStaffRequestSchema, body), by });
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [StaffAccountDto] })
  async list() {
    return this.listAccounts.execute();
  }

  // Declared before ':id', which would otherwise take "names" for an id.
  @Get('names')
  @ApiOperation({
    summary:
      "Colleagues' names by id (other services record ids): one's own, one's departments', admins'; others left out",
  })
  @ApiQuery({ name: 'ids', description: 'comma-separated account ids, 100 at most' })
  @ApiOkResponse({ type: [StaffNameDto] })
  async names(@Query() query: unknown, @CurrentStaff() by: StaffClaims) {
    return this.listNames.execute({ ids: parseRequestBody(staffNamesQuerySchema, query).ids, by });
  }

  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: StaffAccountDto })
  async get(@Param('id') id: string) {
    return this.getAccount.execute({ id });
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change name, roles, departments, or (de)activate' })
  @ApiBody({ type: UpdateStaffRequestDto })
  @ApiOkResponse({ type: StaffAccountDto })
  @ApiConflictResponse({ description: 'Would leave no active admin' })
  async update(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() by: StaffClaims) {
    return this.updateAccount.execute({ id, changes: parseRequestBody(updateStaffRequestSchema, body), by });
  }

  @Post(':id/password')
  @HttpCode(204)
  @AllowedBeforePasswordChange()
  @ApiOperation({
    summary: 'Set a password: an admin for anyone, a staff member for themself with currentPassword',
  })
  @ApiBody({ type: ChangePasswordRequestDto })
  @ApiNoContentResponse()
  async changePassword(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() by: StaffClaims) {
    await this.changeStaffPassword.execute({
      id,
      ...parseRequestBody(changePasswordRequestSchema, body),
      by,
    });
  }
}
