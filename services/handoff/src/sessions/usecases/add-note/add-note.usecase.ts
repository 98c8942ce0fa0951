import { Injectable } from '@nestjs/common';
import { actorOf, visibleSession } from '../../session-access';
import { SessionCommandRunner } from '../../session-command-runner';
import { SessionsOptions } from '../../sessions.options';
import { SessionsRepository } from '../../sessions.repository';
import { AddNoteCommand } from './add-note.command';

/** An internal note for colleagues; the citizen never sees it. */
@Injectable()
export class AddNoteUseCase {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly runner: SessionCommandRunner,
    private readonly opts: SessionsOptions,
  ) {}

  async execute({ staff, sessionId, text }: AddNoteCommand): Promise<void> {
    visibleSession(sessionId, await this.repo.get(sessionId), staff);
    await this.runner.run(sessionId, {
      type: 'AddNote',
      operator: actorOf(staff),
      text,
      now: this.opts.now().toISOString(),
    });
  }
}
