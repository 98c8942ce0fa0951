import { ConcurrencyError } from '@citizen-desk/event-store';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SessionCommandRunner } from '../../session-command-runner';
import { SessionRejected } from '../../session.decide';
import { SessionsOptions } from '../../sessions.options';
import { SessionsRepository } from '../../sessions.repository';
import { AutoAssignCommand } from './auto-assign.command';

const DEFAULT_BATCH = 200;

/**
 * Gives waiting sessions to available operators of their department, least busy first, within the
 * per-operator limit. One transaction per session under the assignment lock, so that replicas doing
 * this at once never give one operator more than the limit. Answers how many it gave.
 */
@Injectable()
export class AutoAssignUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: SessionsRepository,
    private readonly runner: SessionCommandRunner,
    private readonly opts: SessionsOptions,
  ) {}

  async execute(command: AutoAssignCommand = {}): Promise<number> {
    let assigned = 0;
    for (const { id } of await this.repo.waitingSessionIds(command.batch ?? DEFAULT_BATCH)) {
      try {
        await this.dataSource.transaction(async (manager) => {
          await this.repo.lockAssignment(manager);
          const row = await this.repo.get(id, manager);
          if (row?.status !== 'waiting') return;
          const [operator] = await this.repo.assignableOperators(
            row.department,
            this.opts.maxSessionsPerOperator,
            manager,
          );
          if (!operator) return;
          await this.runner.run(
            id,
            { type: 'AssignSession', operator, by: 'auto', now: this.opts.now().toISOString() },
            {},
            manager,
          );
          assigned += 1;
        });
      } catch (e) {
        // Someone claimed or ended it meanwhile: nothing left to give.
        if (!(e instanceof ConcurrencyError) && !(e instanceof SessionRejected)) throw e;
      }
    }
    return assigned;
  }
}
