import {
  AllowedBeforePasswordChange,
  CurrentStaff,
  StaffAuthGuard,
  StaffClaims,
  StaffRequest,
  StaffTokenVerifier,
} from '@citizen-desk/auth';
import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { parseRequestBody } from '@citizen-desk/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActiveStaffGuard } from './active-staff.guard';
import { StaffAccountRejected } from './staff-account.decide';
import { LoginRequestDto, loginRequestSchema, LoginResponseDto, StaffAccountDto } from './staff.dto';
import { GetStaffAccount } from './usecases/get-staff-account/get-staff-account.usecase';
import { Login } from './usecases/login/login.usecase';
import { Logout } from './usecases/logout/logout.usecase';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly loginUseCase: Login,
    private readonly logoutUseCase: Logout,
    private readonly getAccount: GetStaffAccount,
    private readonly tokens: StaffTokenVerifier,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: a bearer token that every service accepts' })
  @ApiBody({ type: LoginRequestDto })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({
    description:
      'Wrong email or password, a deactivated account, or 5 wrong attempts from this address (15 minutes)',
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many attempts from this address or overall; see Retry-After',
  })
  async login(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // Fastify's address for the request: X-Forwarded-For only as far as TRUSTED_PROXIES allows.
    const clientIp = request.ip;
    try {
      return await this.loginUseCase.execute({ ...parseRequestBody(loginRequestSchema, body), clientIp });
    } catch (e) {
      if (e instanceof StaffAccountRejected && typeof e.details.retryAfterSeconds === 'number')
        void reply.header('retry-after', String(e.details.retryAfterSeconds));
      throw e;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(StaffAuthGuard)
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out: this token is refused by every service within seconds' })
  @ApiNoContentResponse()
  async logout(@Req() request: StaffRequest): Promise<void> {
    await this.logoutUseCase.execute({
      sid: request.staffToken!.sid,
      staffId: request.staffToken!.claims.sub,
    });
  }

  @Get('me')
  @UseGuards(StaffAuthGuard, ActiveStaffGuard)
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in staff member' })
  @ApiOkResponse({ type: StaffAccountDto })
  async me(@CurrentStaff() claims: StaffClaims) {
    return this.getAccount.execute({ id: claims.sub });
  }

  @Get('jwks')
  @ApiOperation({
    summary: 'The public keys staff tokens are signed with (JWK Set), for tools outside the platform',
  })
  jwks() {
    return this.tokens.jwks();
  }
}
