import { BatchScope } from '@citizen-desk/event-store';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ratingWindowStart, routeCitizenMessage } from '../../citizen-taps';
import { SessionCommandRunner } from '../../session-command-runner';
import { SessionRejected } from '../../session.decide';
import { SessionsOptions } from '../../sessions.options';
import { HistoryEntry, SessionRow, SessionsRepository } from '../../sessions.repository';
import { AutoAssignUseCase } from '../auto-assign/auto-assign.usecase';
import { RouteCitizenMessageCommand } from './route-citizen-message.command';

/** What a consumer's batch of citizen messages loads once: the open session of each citizen in it. */
export interface CitizenMessageBatch {
  openSessions: Map<string, SessionRow>;
}

/** The batch a message is routed in, when it is (one transaction, staged history rows, preloaded sessions). */
export type RouteInBatch = Pick<BatchScope, 'manager' | 'afterCommit'> &
  Partial<Pick<BatchScope, 'writer'>> & { prepared?: CitizenMessageBatch };

/**
 * Keeps the citizen's recent history for operators, and acts on the message as `routeCitizenMessage`
 * says: forwards it to their open session, ends that session, or rates the last one.
 */
@Injectable()
export class RouteCitizenMessageUseCase {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly runner: SessionCommandRunner,
    private readonly autoAssign: AutoAssignUseCase,
    private readonly opts: SessionsOptions,
  ) {}

  /** Loads what a batch of these messages needs, in one query. */
  async prepareBatch(citizenIds: string[], manager: EntityManager): Promise<CitizenMessageBatch> {
    return { openSessions: await this.repo.openSessionsOf(citizenIds, manager) };
  }

  /** Within a consumer's batch when given `inBatch` (one transaction for the batch), else on its own. */
  async execute({ received, causedBy }: RouteCitizenMessageCommand, inBatch?: RouteInBatch): Promise<void> {
    const { citizen, message } = received;
    const manager = inBatch?.manager;
    const autoAssign = async () => {
      if (inBatch) inBatch.afterCommit(async () => void (await this.autoAssign.execute()));
      else await this.autoAssign.execute();
    };
    const entry: HistoryEntry = {
      eventId: causedBy.id,
      citizenId: citizen.id,
      at: received.sentAt,
      author: 'citizen',
      kind: message.kind,
      text: message.text,
      mediaUrl: message.mediaUrl,
      lat: message.location?.lat,
      lon: message.location?.lon,
    };
    if (inBatch?.writer) inBatch.writer.stage(this.repo.historySink(this.opts.historyLimit), entry);
    else await this.repo.recordHistory(entry, this.opts.historyLimit, manager);
    const open = inBatch?.prepared
      ? inBatch.prepared.openSessions.get(citizen.id)
      : await this.repo.openSessionOf(citizen.id, manager);
    const route = routeCitizenMessage(message.kind === 'text' ? message.text : undefined, open?.id ?? null);
    const now = this.opts.now();
    try {
      switch (route.kind) {
        case 'forward':
          await this.runner.run(
            route.sessionId,
            { type: 'ForwardCitizenMessage', eventId: causedBy.id, message, now: now.toISOString() },
            { causedBy },
            manager,
          );
          return;
        case 'end':
          await this.runner.run(
            route.sessionId,
            { type: 'EndSession', endedBy: 'citizen', now: now.toISOString() },
            { causedBy },
            manager,
          );
          // Later messages of this citizen in the batch find no open session, as they would have read.
          inBatch?.prepared?.openSessions.delete(citizen.id);
          await autoAssign();
          return;
        case 'rate': {
          const ratable = await this.repo.ratableSessionOf(
            citizen.id,
            ratingWindowStart(now, this.opts.ratingWindowHours),
            manager,
          );
          if (ratable)
            await this.runner.run(
              ratable.id,
              { type: 'RateSession', rating: route.rating, now: now.toISOString() },
              { causedBy },
              manager,
            );
          return;
        }
        case 'none':
          return;
      }
    } catch (e) {
      // A redelivery after the session moved on (ended, rated): nothing left to do.
      if (e instanceof SessionRejected) return;
      throw e;
    }
  }
}
