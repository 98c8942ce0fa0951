import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SessionsRepository } from '../../sessions.repository';
import { ForgetCitizenHistoryCommand } from './forget-citizen-history.command';

/** Drops what the citizen and the bot said before any handoff. */
@Injectable()
export class ForgetCitizenHistoryUseCase {
  constructor(private readonly repo: SessionsRepository) {}

  async execute({ citizenId }: ForgetCitizenHistoryCommand, manager?: EntityManager): Promise<void> {
    await this.repo.forgetHistory(citizenId, manager);
  }
}
