import { Injectable } from '@nestjs/common';
import { DepartmentQueue, OperatorLoad, SessionsRepository } from '../../sessions.repository';
import { GetOperatorLoadsCommand } from './get-operator-loads.command';

export interface OperatorLoads {
  operators: OperatorLoad[];
  queue: DepartmentQueue[];
}

/** For supervisors: the queue per department and every operator's load, in the departments they supervise. */
@Injectable()
export class GetOperatorLoadsUseCase {
  constructor(private readonly repo: SessionsRepository) {}

  async execute({ staff }: GetOperatorLoadsCommand): Promise<OperatorLoads> {
    const departments = staff.roles.includes('admin') ? null : staff.departments;
    return {
      operators: await this.repo.operatorLoads(departments),
      queue: await this.repo.queueByDepartment(departments),
    };
  }
}
