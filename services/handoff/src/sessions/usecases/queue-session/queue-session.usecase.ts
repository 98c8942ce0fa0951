import { deterministicId } from '@citizen-desk/contracts';
import { BatchScope, processOnce } from '@citizen-desk/event-store';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { describeWeeklyHours, hoursOf, isOpen } from '../../../office-hours/office-hours';
import { QueueInfo } from '../../citizen-notices';
import { estimateQueue, MEASURED_SESSIONS } from '../../queue-estimate';
import { SessionCommandRunner } from '../../session-command-runner';
import { SessionsOptions } from '../../sessions.options';
import { SessionsRepository } from '../../sessions.repository';
import { citizenTextsFor } from '../../texts/citizen-texts';
import { AutoAssignUseCase } from '../auto-assign/auto-assign.usecase';
import { QueueSessionCommand } from './queue-session.command';

export const HANDOFF_REQUESTS_CONSUMER = 'handoff-requests';

/** Opens a session for the dialog's HandoffRequested, once, and tells the citizen their place in the queue. */
@Injectable()
export class QueueSessionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: SessionsRepository,
    private readonly runner: SessionCommandRunner,
    private readonly autoAssign: AutoAssignUseCase,
    private readonly opts: SessionsOptions,
  ) {}

  /** Within a consumer's batch when given `inBatch` (its transaction records the request once), else on its own. */
  async execute(
    command: QueueSessionCommand,
    inBatch?: Pick<BatchScope, 'manager' | 'afterCommit'>,
  ): Promise<void> {
    if (inBatch) {
      if (await this.queueIn(command, inBatch.manager))
        inBatch.afterCommit(async () => void (await this.autoAssign.execute()));
      return;
    }
    let queued = false;
    await processOnce(this.dataSource, HANDOFF_REQUESTS_CONSUMER, command.causedBy.id, async (manager) => {
      queued = await this.queueIn(command, manager);
    });
    if (queued) await this.autoAssign.execute();
  }

  private async queueIn(
    { request, causedBy }: QueueSessionCommand,
    manager: EntityManager,
  ): Promise<boolean> {
    const sessionId = deterministicId(`handoff-session:${causedBy.id}`);
    // Already talking to a person: the request adds nothing (the dialog should not send one).
    if (await this.repo.openSessionOf(request.citizenId, manager)) return false;
    const now = this.opts.now();
    const hours = this.opts.officeHours ? hoursOf(this.opts.officeHours, request.department) : null;
    const ahead = await this.repo.waitingCount(request.department, manager);
    const recent = await this.repo.recentWaits(request.department, MEASURED_SESSIONS, manager);
    const queue: QueueInfo = {
      ...estimateQueue(ahead + 1, recent),
      hours: hours ? describeWeeklyHours(hours, citizenTextsFor(request.language).dayNames) : null,
    };
    await this.runner.run(
      sessionId,
      {
        type: 'QueueSession',
        sessionId,
        request,
        // Unknown hours: queue as usual rather than claim the office is closed.
        outsideOfficeHours: hours ? !isOpen(hours, now) : false,
        now: now.toISOString(),
      },
      { causedBy, queue },
      manager,
    );
    return true;
  }
}
