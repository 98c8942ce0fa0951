import { EventStore } from '@citizen-desk/event-store';
import { DataSource } from 'typeorm';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { SessionCommandRunner } from './session-command-runner';
import { SessionsOptions } from './sessions.options';
import { SessionsRepository } from './sessions.repository';
import { AddNoteUseCase } from './usecases/add-note/add-note.usecase';
import { AutoAssignUseCase } from './usecases/auto-assign/auto-assign.usecase';
import { ClaimSessionUseCase } from './usecases/claim-session/claim-session.usecase';
import { CloseSessionUseCase } from './usecases/close-session/close-session.usecase';
import { ForgetCitizenHistoryUseCase } from './usecases/forget-citizen-history/forget-citizen-history.usecase';
import { GetOperatorLoadsUseCase } from './usecases/get-operator-loads/get-operator-loads.usecase';
import { GetSessionDetailUseCase } from './usecases/get-session-detail/get-session-detail.usecase';
import { ListSessionsUseCase } from './usecases/list-sessions/list-sessions.usecase';
import { QueueSessionUseCase } from './usecases/queue-session/queue-session.usecase';
import { RecordBotReplyUseCase } from './usecases/record-bot-reply/record-bot-reply.usecase';
import { ReplyToCitizenUseCase } from './usecases/reply-to-citizen/reply-to-citizen.usecase';
import { RouteCitizenMessageUseCase } from './usecases/route-citizen-message/route-citizen-message.usecase';
import { SetAvailabilityUseCase } from './usecases/set-availability/set-availability.usecase';
import { SweepTimeoutsUseCase } from './usecases/sweep-timeouts/sweep-timeouts.usecase';
import { TransferSessionUseCase } from './usecases/transfer-session/transfer-session.usecase';

/** Every use case of handoff sessions, as the consumers, the controller, the sweeper and tests call them. */
export interface SessionUseCases {
  queueSession: QueueSessionUseCase;
  routeCitizenMessage: RouteCitizenMessageUseCase;
  recordBotReply: RecordBotReplyUseCase;
  forgetCitizenHistory: ForgetCitizenHistoryUseCase;
  listSessions: ListSessionsUseCase;
  getSessionDetail: GetSessionDetailUseCase;
  claimSession: ClaimSessionUseCase;
  replyToCitizen: ReplyToCitizenUseCase;
  addNote: AddNoteUseCase;
  transferSession: TransferSessionUseCase;
  closeSession: CloseSessionUseCase;
  setAvailability: SetAvailabilityUseCase;
  getOperatorLoads: GetOperatorLoadsUseCase;
  autoAssign: AutoAssignUseCase;
  sweepTimeouts: SweepTimeoutsUseCase;
}

/**
 * Builds the use cases over one runner. By hand rather than by Nest's injector: the consumers and the
 * sweeper need them outside any HTTP request, before the app is up, and the tests without it.
 */
export function sessionUseCases(deps: {
  dataSource: DataSource;
  eventStore: EventStore;
  repo: SessionsRepository;
  staffAccounts: StaffAccountsRepository;
  opts: SessionsOptions;
}): SessionUseCases {
  const { dataSource, eventStore, repo, staffAccounts, opts } = deps;
  const runner = new SessionCommandRunner(dataSource, eventStore, repo, opts.now);
  const autoAssign = new AutoAssignUseCase(dataSource, repo, runner, opts);
  return {
    queueSession: new QueueSessionUseCase(dataSource, repo, runner, autoAssign, opts),
    routeCitizenMessage: new RouteCitizenMessageUseCase(repo, runner, autoAssign, opts),
    recordBotReply: new RecordBotReplyUseCase(repo, opts),
    forgetCitizenHistory: new ForgetCitizenHistoryUseCase(repo),
    listSessions: new ListSessionsUseCase(repo),
    getSessionDetail: new GetSessionDetailUseCase(eventStore, repo, opts),
    claimSession: new ClaimSessionUseCase(repo, runner, opts),
    replyToCitizen: new ReplyToCitizenUseCase(repo, runner, opts),
    addNote: new AddNoteUseCase(repo, runner, opts),
    transferSession: new TransferSessionUseCase(repo, staffAccounts, runner, autoAssign, opts),
    closeSession: new CloseSessionUseCase(repo, runner, autoAssign, opts),
    setAvailability: new SetAvailabilityUseCase(repo, autoAssign, opts),
    getOperatorLoads: new GetOperatorLoadsUseCase(repo),
    autoAssign,
    sweepTimeouts: new SweepTimeoutsUseCase(dataSource, repo, runner, autoAssign, opts),
  };
}

/** The use cases as Nest providers, so that controllers receive the very instances the consumers use. */
export function sessionUseCaseProviders(usecases: SessionUseCases) {
  return Object.values(usecases).map((useCase: object) => ({
    provide: useCase.constructor,
    useValue: useCase,
  }));
}
