import { hasRole } from '@citizen-desk/auth';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { savedReplyText } from '../../saved-replies';
import { actorOf, MANAGE_ROLES, visibleSession } from '../../session-access';
import { SessionCommandRunner } from '../../session-command-runner';
import { SessionRejected } from '../../session.decide';
import { SessionsOptions } from '../../sessions.options';
import { SessionsRepository } from '../../sessions.repository';
import { ReplyToCitizenCommand } from './reply-to-citizen.command';

/** The operator holding the session (or a supervisor) answers the citizen. */
@Injectable()
export class ReplyToCitizenUseCase {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly runner: SessionCommandRunner,
    private readonly opts: SessionsOptions,
  ) {}

  async execute({
    staff,
    sessionId,
    text,
    savedReplyId,
  }: ReplyToCitizenCommand): Promise<{ messageId: string }> {
    const session = visibleSession(sessionId, await this.repo.get(sessionId), staff);
    const said = savedReplyId ? savedReplyText(savedReplyId, session.language) : text;
    if (!said) throw new SessionRejected('unknown-saved-reply', `no saved reply ${savedReplyId}`);
    const messageId = randomUUID();
    await this.runner.run(sessionId, {
      type: 'SendOperatorMessage',
      operator: actorOf(staff),
      messageId,
      text: said,
      ...(savedReplyId ? { savedReplyId } : {}),
      mayActForOthers: hasRole(staff, ...MANAGE_ROLES),
      now: this.opts.now().toISOString(),
    });
    return { messageId };
  }
}
