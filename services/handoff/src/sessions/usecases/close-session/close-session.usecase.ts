import { hasRole } from '@citizen-desk/auth';
import { Injectable } from '@nestjs/common';
import { MANAGE_ROLES, visibleSession } from '../../session-access';
import { SessionCommandRunner } from '../../session-command-runner';
import { SessionRejected } from '../../session.decide';
import { SessionsOptions } from '../../sessions.options';
import { SessionRow, SessionsRepository } from '../../sessions.repository';
import { AutoAssignUseCase } from '../auto-assign/auto-assign.usecase';
import { CloseSessionCommand } from './close-session.command';

/**
 * Closes with a resolution: the citizen is asked for a rating and the bot answers again. An active
 * session is closed by the operator holding it or a supervisor; a waiting one by anyone who sees it.
 */
@Injectable()
export class CloseSessionUseCase {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly runner: SessionCommandRunner,
    private readonly autoAssign: AutoAssignUseCase,
    private readonly opts: SessionsOptions,
  ) {}

  async execute({ staff, sessionId, resolution }: CloseSessionCommand): Promise<SessionRow> {
    const session = visibleSession(sessionId, await this.repo.get(sessionId), staff);
    if (session.status === 'active' && session.operatorId !== staff.sub && !hasRole(staff, ...MANAGE_ROLES))
      throw new SessionRejected('taken', `the session is ${session.operatorName}'s`);
    await this.runner.run(sessionId, {
      type: 'EndSession',
      endedBy: 'operator',
      resolution,
      now: this.opts.now().toISOString(),
    });
    await this.autoAssign.execute();
    return (await this.repo.get(sessionId))!;
  }
}
