import { Injectable } from '@nestjs/common';
import { actorOf, visibleSession } from '../../session-access';
import { SessionCommandRunner } from '../../session-command-runner';
import { SessionsOptions } from '../../sessions.options';
import { SessionRow, SessionsRepository } from '../../sessions.repository';
import { ClaimSessionCommand } from './claim-session.command';

/** An operator takes a waiting session; of two claiming at once exactly one wins, the other hears who. */
@Injectable()
export class ClaimSessionUseCase {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly runner: SessionCommandRunner,
    private readonly opts: SessionsOptions,
  ) {}

  async execute({ staff, sessionId }: ClaimSessionCommand): Promise<SessionRow> {
    visibleSession(sessionId, await this.repo.get(sessionId), staff);
    await this.runner.run(sessionId, {
      type: 'AssignSession',
      operator: actorOf(staff),
      by: 'claim',
      now: this.opts.now().toISOString(),
    });
    return (await this.repo.get(sessionId))!;
  }
}
