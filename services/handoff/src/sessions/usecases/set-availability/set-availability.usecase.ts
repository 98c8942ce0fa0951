import { Injectable } from '@nestjs/common';
import { SessionsOptions } from '../../sessions.options';
import { SessionsRepository } from '../../sessions.repository';
import { AutoAssignUseCase } from '../auto-assign/auto-assign.usecase';
import { SetAvailabilityCommand } from './set-availability.command';

/** An operator marks themselves available (auto-assignment gives them waiting sessions at once) or away. */
@Injectable()
export class SetAvailabilityUseCase {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly autoAssign: AutoAssignUseCase,
    private readonly opts: SessionsOptions,
  ) {}

  async execute({ staff, available }: SetAvailabilityCommand): Promise<void> {
    await this.repo.setAvailability(staff.sub, available, this.opts.now());
    if (available) await this.autoAssign.execute();
  }
}
