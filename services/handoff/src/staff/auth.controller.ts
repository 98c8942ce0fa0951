import { CurrentStaff, StaffAuthGuard, StaffClaims } from '@citizen-desk/auth';
import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { parseRequestBody } from '@citizen-desk/service-kit';
import { ActiveStaffGuard } from './active-staff.guard';
import { LoginRequestDto, loginRequestSchema, LoginResponseDto, StaffAccountDto } from './staff.dto';
import { GetStaffAccount } from './usecases/get-staff-account/get-staff-account.usecase';
import { Login } from './usecases/login/login.usecase';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly loginUseCase: Login,
    private readonly getAccount: GetStaffAccount,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: a bearer token that every service accepts' })
  @ApiBody({ type: LoginRequestDto })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({
    description:
      'Wrong email or password, a deactivated account, or an account locked after 5 wrong attempts (15 minutes)',
  })
  async login(@Body() body: unknown) {
    return this.loginUseCase.execute(parseRequestBody(loginRequestSchema, body));
  }

  @Get('me')
  @UseGuards(StaffAuthGuard, ActiveStaffGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in staff member' })
  @ApiOkResponse({ type: StaffAccountDto })
  async me(@CurrentStaff() claims: StaffClaims) {
    return this.getAccount.execute({ id: claims.sub });
  }
}
