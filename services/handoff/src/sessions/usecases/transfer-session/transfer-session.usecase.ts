import { canActInDepartment, hasRole } from '@citizen-desk/auth';
import { Injectable } from '@nestjs/common';
import { StaffAccountsRepository } from '../../../staff/staff-accounts.repository';
import { actorOf, MANAGE_ROLES, visibleSession } from '../../session-access';
import { SessionCommandRunner } from '../../session-command-runner';
import { Actor, SessionRejected } from '../../session.decide';
import { SessionsOptions } from '../../sessions.options';
import { SessionRow, SessionsRepository } from '../../sessions.repository';
import { AutoAssignUseCase } from '../auto-assign/auto-assign.usecase';
import { TransferSessionCommand } from './transfer-session.command';

/**
 * Hands the session to another department's queue or to an operator. Given an operator alone, the
 * session follows them to their department when they do not work in its own. Only the operator who
 * holds the session may transfer it, or a supervisor of its department (admins included).
 */
@Injectable()
export class TransferSessionUseCase {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly staffAccounts: StaffAccountsRepository,
    private readonly runner: SessionCommandRunner,
    private readonly autoAssign: AutoAssignUseCase,
    private readonly opts: SessionsOptions,
  ) {}

  async execute({ staff, sessionId, department, operatorId }: TransferSessionCommand): Promise<SessionRow> {
    const session = visibleSession(sessionId, await this.repo.get(sessionId), staff);
    if (session.operatorId !== staff.sub && !hasRole(staff, ...MANAGE_ROLES))
      throw new SessionRejected(
        'not-holder',
        session.operatorId
          ? `the session is ${session.operatorName}'s: only they or a supervisor may transfer it`
          : 'a waiting session is transferred by a supervisor; claim it first',
      );
    let toOperator: Actor | null = null;
    let toDepartment = department ?? session.department;
    if (operatorId) {
      const target = await this.staffAccounts.findById(operatorId);
      if (!target || !target.active || !hasRole(target, 'operator', 'supervisor'))
        throw new SessionRejected('not-an-operator', `${operatorId} is not an active operator`);
      if (!department && !target.departments.includes(toDepartment) && !target.roles.includes('admin'))
        toDepartment = target.departments[0] ?? toDepartment;
      if (!canActInDepartment(target, toDepartment))
        throw new SessionRejected('not-in-department', `${target.name} does not work in ${toDepartment}`);
      toOperator = { id: target.id, name: target.name };
    }
    await this.runner.run(sessionId, {
      type: 'TransferSession',
      by: actorOf(staff),
      toDepartment,
      toOperator,
      now: this.opts.now().toISOString(),
    });
    if (!toOperator) await this.autoAssign.execute();
    return (await this.repo.get(sessionId))!;
  }
}
