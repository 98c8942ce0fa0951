import { EventStore } from '@citizen-desk/event-store';
import { Injectable } from '@nestjs/common';
import { visibleSession } from '../../session-access';
import { SessionEvent, sessionStreamId } from '../../session.events';
import { SessionsOptions } from '../../sessions.options';
import { HistoryEntry, SessionRow, SessionsRepository } from '../../sessions.repository';
import { GetSessionDetailCommand } from './get-session-detail.command';

export interface TranscriptEntry {
  type: SessionEvent['type'];
  at: string;
  data: SessionEvent['data'];
}

export interface SessionDetail {
  session: SessionRow;
  /** What the citizen and the bot said before the handoff (the most recent exchanges only). */
  history: HistoryEntry[];
  transcript: TranscriptEntry[];
}

/** A session with its transcript and what the citizen asked the bot before. */
@Injectable()
export class GetSessionDetailUseCase {
  constructor(
    private readonly eventStore: EventStore,
    private readonly repo: SessionsRepository,
    private readonly opts: SessionsOptions,
  ) {}

  async execute({ staff, sessionId }: GetSessionDetailCommand): Promise<SessionDetail> {
    const session = visibleSession(sessionId, await this.repo.get(sessionId), staff);
    const { events } = await this.eventStore.readStream(sessionStreamId(sessionId));
    // What came before the request; what the citizen wrote after it is in the transcript.
    const requestedAt =
      (events[0]?.data as { requestedAt?: string } | undefined)?.requestedAt ?? session.queuedAt;
    const history = await this.repo.historyOf(session.citizenId, requestedAt, this.opts.historyLimit);
    return {
      session,
      history,
      transcript: events.map((e) => ({
        type: e.type as SessionEvent['type'],
        at: e.occurredAt,
        data: e.data as SessionEvent['data'],
      })),
    };
  }
}
