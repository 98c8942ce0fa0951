import {
  bearerTokenOf,
  CurrentStaff,
  Roles,
  STAFF_TOKEN_VERIFIER,
  StaffAuthGuard,
  StaffClaims,
  StaffRequest,
  StaffTokenVerification,
} from '@citizen-desk/auth';
import { parseRequestBody } from '@citizen-desk/service-kit';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActiveStaffGuard } from '../staff/active-staff.guard';
import { isVisibleTo, LiveFeed } from './live-feed';
import { clearedStreamCookie, isHttps, streamCookie, StreamCookieGuard } from './stream-cookie';
import { SAVED_REPLIES } from './saved-replies';
import {
  availabilitySchema,
  AvailabilityDto,
  closeSchema,
  CloseDto,
  noteSchema,
  NoteDto,
  operatorMessageSchema,
  OperatorMessageDto,
  SessionDto,
  sessionStatusSchema,
  transferSchema,
  TransferDto,
} from './sessions.dto';
import { AddNoteUseCase } from './usecases/add-note/add-note.usecase';
import { ClaimSessionUseCase } from './usecases/claim-session/claim-session.usecase';
import { CloseSessionUseCase } from './usecases/close-session/close-session.usecase';
import { GetOperatorLoadsUseCase } from './usecases/get-operator-loads/get-operator-loads.usecase';
import { GetSessionDetailUseCase } from './usecases/get-session-detail/get-session-detail.usecase';
import { ListSessionsUseCase } from './usecases/list-sessions/list-sessions.usecase';
import { ReplyToCitizenUseCase } from './usecases/reply-to-citizen/reply-to-citizen.usecase';
import { SetAvailabilityUseCase } from './usecases/set-availability/set-availability.usecase';
import { TransferSessionUseCase } from './usecases/transfer-session/transfer-session.usecase';

@ApiTags('handoff')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid staff token' })
@ApiForbiddenResponse({ description: 'Not an operator or supervisor, or not of the session’s department' })
@UseGuards(StaffAuthGuard, ActiveStaffGuard)
@Roles('operator', 'supervisor')
@Controller('handoff')
export class SessionsController {
  constructor(
    private readonly listSessions: ListSessionsUseCase,
    private readonly getSessionDetail: GetSessionDetailUseCase,
    private readonly claimSession: ClaimSessionUseCase,
    private readonly replyToCitizen: ReplyToCitizenUseCase,
    private readonly addNote: AddNoteUseCase,
    private readonly transferSession: TransferSessionUseCase,
    private readonly closeSession: CloseSessionUseCase,
    private readonly setAvailability: SetAvailabilityUseCase,
    private readonly getOperatorLoads: GetOperatorLoadsUseCase,
  ) {}

  @Get('sessions')
  @ApiOperation({
    summary: 'Sessions of your departments by status: the queue (waiting), in progress (active), closed',
  })
  @ApiQuery({ name: 'status', enum: ['waiting', 'active', 'closed'], required: false })
  @ApiOkResponse({ type: [SessionDto] })
  async list(@Query('status') status: string | undefined, @CurrentStaff() staff: StaffClaims) {
    return this.listSessions.execute({
      staff,
      status: parseRequestBody(sessionStatusSchema, status ?? 'waiting'),
    });
  }

  @Get('sessions/:id')
  @ApiOperation({ summary: 'A session with its transcript and what the citizen asked the bot before' })
  @ApiNotFoundResponse()
  async get(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.getSessionDetail.execute({ staff, sessionId: id });
  }

  @Post('sessions/:id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a waiting session; when two operators claim at once exactly one wins' })
  @ApiOkResponse({ type: SessionDto })
  @ApiConflictResponse({ description: 'Someone else took it, or it has ended' })
  async claim(@Param('id') id: string, @CurrentStaff() staff: StaffClaims) {
    return this.claimSession.execute({ staff, sessionId: id });
  }

  @Post('sessions/:id/messages')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer the citizen: a text or a saved reply (in the citizen’s language)' })
  @ApiBody({ type: OperatorMessageDto })
  @ApiBadRequestResponse({ description: 'No such saved reply' })
  @ApiConflictResponse({ description: 'Not your session, not claimed yet, or ended' })
  async message(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    return this.replyToCitizen.execute({
      staff,
      sessionId: id,
      ...parseRequestBody(operatorMessageSchema, body),
    });
  }

  @Post('sessions/:id/notes')
  @HttpCode(204)
  @ApiOperation({ summary: 'An internal note for colleagues; the citizen never sees it' })
  @ApiBody({ type: NoteDto })
  async note(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    await this.addNote.execute({ staff, sessionId: id, text: parseRequestBody(noteSchema, body).text });
  }

  @Post('sessions/:id/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand the session to another department (its queue) or to an operator' })
  @ApiBody({ type: TransferDto })
  @ApiBadRequestResponse({ description: 'Already there, or the operator does not work in that department' })
  @ApiOkResponse({ type: SessionDto })
  async transfer(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    return this.transferSession.execute({ staff, sessionId: id, ...parseRequestBody(transferSchema, body) });
  }

  @Post('sessions/:id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close with a resolution; the citizen is asked for a 1–5 rating and the bot answers again',
  })
  @ApiBody({ type: CloseDto })
  @ApiOkResponse({ type: SessionDto })
  async close(@Param('id') id: string, @Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    return this.closeSession.execute({ staff, sessionId: id, ...parseRequestBody(closeSchema, body) });
  }

  @Get('saved-replies')
  @ApiOperation({ summary: 'Saved replies an operator can send by id' })
  savedReplies() {
    return SAVED_REPLIES;
  }

  @Post('operators/me/availability')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark yourself available (auto-assignment gives you waiting sessions) or away' })
  @ApiBody({ type: AvailabilityDto })
  async availability(@Body() body: unknown, @CurrentStaff() staff: StaffClaims) {
    await this.setAvailability.execute({ staff, ...parseRequestBody(availabilitySchema, body) });
  }

  @Get('operators')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Supervisors: the queue per department and every operator’s load' })
  async operators(@CurrentStaff() staff: StaffClaims) {
    return this.getOperatorLoads.execute({ staff });
  }
}

/** How often an open stream checks that its token is still good (expiry; revocations also end it at once). */
const STREAM_SESSION_CHECK_MS = 1000;

/**
 * Live updates as Server-Sent Events: every handoff event of the caller's departments, at once. The
 * stream ends (`event: signed-out`) as soon as its session is revoked or its token expires.
 */
@ApiTags('handoff')
@ApiBearerAuth()
@UseGuards(StreamCookieGuard, StaffAuthGuard, ActiveStaffGuard)
@Roles('operator', 'supervisor')
@Controller('handoff')
export class SessionStreamController {
  constructor(
    private readonly feed: LiveFeed,
    @Inject(STAFF_TOKEN_VERIFIER) private readonly staffTokens: StaffTokenVerification,
  ) {}

  @Post('stream/session')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'With the bearer token: sets the HttpOnly cookie that lets EventSource open GET /handoff/stream (never a token in the URL)',
  })
  openStream(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    reply.header('set-cookie', streamCookie(bearerTokenOf(request.headers.authorization)!, isHttps(request)));
  }

  @Post('stream/session/end')
  @HttpCode(204)
  @ApiOperation({ summary: 'Removes the stream cookie (signing out)' })
  closeStream(@Res({ passthrough: true }) reply: FastifyReply): void {
    reply.header('set-cookie', clearedStreamCookie());
  }

  @Get('stream')
  @ApiOperation({
    summary:
      'Server-Sent Events: one `event: <type>` per handoff event; bearer token, or the cookie set by POST /handoff/stream/session',
  })
  @ApiProduces('text/event-stream')
  stream(@Req() request: FastifyRequest & StaffRequest, @Res() reply: FastifyReply): void {
    const staff = request.staff!;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies (nginx ingress) would otherwise hold events back in a buffer.
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
    const stop = this.feed.listen(
      (envelope) => {
        if (!isVisibleTo(staff, envelope)) return;
        raw.write(
          `id: ${envelope.id}\nevent: ${envelope.type}\ndata: ${JSON.stringify({ type: envelope.type, occurredAt: envelope.occurredAt, data: envelope.data })}\n\n`,
        );
      },
      () => raw.end(),
    );
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    const token = request.staffToken!;
    const checkSession = () => {
      if (!this.staffTokens.isRevoked(token)) return;
      raw.write('event: signed-out\ndata: {}\n\n');
      raw.end();
    };
    const sessionCheck = setInterval(checkSession, STREAM_SESSION_CHECK_MS);
    sessionCheck.unref();
    const stopWatching = this.staffTokens.onRevocation(checkSession);
    const end = () => {
      clearInterval(keepAlive);
      clearInterval(sessionCheck);
      stopWatching();
      stop();
    };
    raw.on('close', end);
  }
}
