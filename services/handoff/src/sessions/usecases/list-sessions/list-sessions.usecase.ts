import { Injectable } from '@nestjs/common';
import { SessionRow, SessionsRepository } from '../../sessions.repository';
import { ListSessionsCommand } from './list-sessions.command';

/** Sessions of the caller's departments (an admin's: all) with a status. */
@Injectable()
export class ListSessionsUseCase {
  constructor(private readonly repo: SessionsRepository) {}

  async execute({ staff, status }: ListSessionsCommand): Promise<SessionRow[]> {
    return this.repo.list(status, staff.roles.includes('admin') ? null : staff.departments);
  }
}
