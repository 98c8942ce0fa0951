import { Envelope, makeEnvelope, SendMessageToCitizen } from '@citizen-desk/contracts';
import { ConcurrencyError, EventStore } from '@citizen-desk/event-store';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { citizenNoticesFor, QueueInfo, TimeoutKind } from './citizen-notices';
import { decideSession, SessionCommand } from './session.decide';
import { SessionEvent, sessionStreamId } from './session.events';
import { evolveSession, initialSessionState, SessionState } from './session.state';
import { SessionsRepository } from './sessions.repository';

/** What the runner needs besides the command: what caused it, and what the citizen is to be told. */
export interface SessionCommandContext {
  causedBy?: Pick<Envelope, 'id' | 'correlationId'>;
  queue?: QueueInfo;
  timeout?: TimeoutKind;
}

const MAX_TRIES = 5;

/**
 * Every use case's one way to change a session: loads its stream, decides, and appends the events
 * with the messages to the citizen (outbox) and the read model's row, in one transaction.
 */
@Injectable()
export class SessionCommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
    private readonly repo: SessionsRepository,
    private readonly now: () => Date,
  ) {}

  /**
   * Inside a caller's transaction a lost race throws ConcurrencyError to the caller; on its own it
   * reloads and decides again (so a claim that lost sees who won: a 409).
   */
  async run(
    sessionId: string,
    command: SessionCommand,
    ctx: SessionCommandContext = {},
    manager?: EntityManager,
  ): Promise<SessionState> {
    const attempt = (m: EntityManager) => this.runIn(m, sessionId, command, ctx);
    if (manager) return attempt(manager);
    for (let tries = 1; ; tries++) {
      try {
        return await this.dataSource.transaction(attempt);
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || tries >= MAX_TRIES) throw e;
      }
    }
  }

  private async runIn(
    manager: EntityManager,
    sessionId: string,
    command: SessionCommand,
    ctx: SessionCommandContext,
  ): Promise<SessionState> {
    const streamId = sessionStreamId(sessionId);
    const { state, version } = await this.eventStore.aggregateStream(
      streamId,
      evolveSession,
      initialSessionState,
      manager,
    );
    const events = decideSession(command, state);
    if (events.length === 0) return state;
    const occurredAt = this.now();
    let after = state;
    const envelopes: Envelope[] = [];
    const notices: Envelope[] = [];
    for (const event of events) {
      const envelope = makeEnvelope({
        type: event.type,
        version: 1,
        streamId,
        data: event.data,
        causedBy: ctx.causedBy,
        occurredAt,
      });
      after = evolveSession(after, envelope);
      envelopes.push(envelope);
      for (const notice of citizenNoticesFor(
        { ...event, id: envelope.id } as SessionEvent & { id: string },
        after,
        ctx,
      ))
        notices.push(
          makeEnvelope<SendMessageToCitizen>({
            type: 'SendMessageToCitizen',
            version: 1,
            streamId,
            data: notice,
            causedBy: envelope,
            occurredAt,
          }),
        );
    }
    await this.eventStore.append(streamId, version, envelopes, { manager, alsoPublish: notices });
    await this.repo.project(manager, after, version + envelopes.length);
    return after;
  }
}
