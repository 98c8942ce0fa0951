import { ConcurrencyError } from '@citizen-desk/event-store';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SessionCommandRunner } from '../../session-command-runner';
import { decideTimeouts, timeoutCutoffs, timeoutLimitsOf, timeoutOf } from '../../session-timeouts';
import { SessionRejected } from '../../session.decide';
import { SessionsOptions } from '../../sessions.options';
import { SessionsRepository } from '../../sessions.repository';
import { AutoAssignUseCase } from '../auto-assign/auto-assign.usecase';
import { SweepTimeoutsCommand } from './sweep-timeouts.command';

/**
 * Ends sessions past their clocks with a polite message and a HandoffSessionEnded (endedBy
 * 'timeout'), so the dialog answers the citizen again; the transcript stays in the session's stream.
 * Replicas sweeping at once share the work: each session is timed out under a try-lock, and its
 * clock is read again once the lock is held, so an answer or a claim that came in meanwhile wins.
 * Then gives waiting sessions to whoever is free. (History past retention goes in the retention job.)
 */
@Injectable()
export class SweepTimeoutsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: SessionsRepository,
    private readonly runner: SessionCommandRunner,
    private readonly autoAssign: AutoAssignUseCase,
    private readonly opts: SessionsOptions,
  ) {}

  async execute(command: SweepTimeoutsCommand = {}): Promise<{ ended: number; assigned: number }> {
    const now = command.now ?? this.opts.now();
    const limits = timeoutLimitsOf(this.opts);
    const candidates = await this.repo.overdueSessionClocks(timeoutCutoffs(now, limits));
    let ended = 0;
    for (const { id } of decideTimeouts(candidates, now, limits)) {
      try {
        await this.dataSource.transaction(async (manager) => {
          if (!(await this.repo.tryLockForTimeout(id, manager))) return;
          const current = await this.repo.get(id, manager);
          const kind = current && timeoutOf(current, now, limits);
          if (!kind) return;
          await this.runner.run(
            id,
            { type: 'EndSession', endedBy: 'timeout', now: now.toISOString() },
            { timeout: kind },
            manager,
          );
          ended += 1;
        });
      } catch (e) {
        // Another replica or a consumer moved the session first: the next sweep sees where it stands.
        if (!(e instanceof ConcurrencyError) && !(e instanceof SessionRejected)) throw e;
      }
    }
    const assigned = await this.autoAssign.execute();
    return { ended, assigned };
  }
}
