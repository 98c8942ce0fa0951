import { CurrentStaff, Roles, StaffAuthGuard, StaffClaims } from '@citizen-desk/auth';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { parseRequestBody } from '@citizen-desk/service-kit';
import { ActiveStaffGuard } from './active-staff.guard';
import { StaffAccountsService } from './staff-accounts.service';
import {
  ChangePasswordRequestDto,
  changePasswordRequestSchema,
  CreateStaffRequestDto,
  createStaffRequestSchema,
  StaffAccountDto,
  UpdateStaffRequestDto,
  updateStaffRequestSchema,
} from './staff.dto';

/** Staff account administration; every route but the password change is for admins only. */
@ApiTags('staff')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid staff token' })
@ApiForbiddenResponse({ description: 'Not an admin' })
@UseGuards(StaffAuthGuard, ActiveStaffGuard)
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffAccountsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a staff account' })
  @ApiBody({ type: CreateStaffRequestDto })
  @ApiCreatedResponse({ type: StaffAccountDto })
  @ApiConflictResponse({ description: 'The email has an account already' })
  async create(@Body() body: unknown, @CurrentStaff() by: StaffClaims) {
    return this.staff.create(parseRequestBody(createStaffRequestSchema, body), by);
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [StaffAccountDto] })
  async list() {
    return this.staff.list();
  }

  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: StaffAccountDto })
  async get(@Param('id') id: string) {
    return this.staff.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change name, roles, departments, or (de)activate' })
  @ApiBody({ type: UpdateStaffRequestDto })
  @ApiOkResponse({ type: StaffAccountDto })
  @ApiConflictResponse({ description: 'Would leave no active admin' })
  async update(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() by: StaffClaims) {
    return this.staff.update(id, parseRequestBody(updateStaffRequestSchema, body), by);
  }

  @Post(':id/password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a password: an admin for anyone, a staff member for themself with currentPassword',
  })
  @ApiBody({ type: ChangePasswordRequestDto })
  @ApiNoContentResponse()
  async changePassword(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() by: StaffClaims) {
    await this.staff.changePassword(id, parseRequestBody(changePasswordRequestSchema, body), by);
  }
}
