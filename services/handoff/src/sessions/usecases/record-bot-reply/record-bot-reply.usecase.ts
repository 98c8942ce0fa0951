import { Injectable } from '@nestjs/common';
import { BatchScope } from '@citizen-desk/event-store';
import { SessionsOptions } from '../../sessions.options';
import { HistoryEntry, SessionsRepository } from '../../sessions.repository';
import { RecordBotReplyCommand } from './record-bot-reply.command';

/** Keeps the bot's own answers, so that an operator sees what the citizen was told before. */
@Injectable()
export class RecordBotReplyUseCase {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly opts: SessionsOptions,
  ) {}

  /** Within a consumer's batch when given its writer (the rows go in with the batch's), else on its own. */
  async execute(
    { eventId, at, sent }: RecordBotReplyCommand,
    inBatch?: Pick<BatchScope, 'manager' | 'writer'>,
  ): Promise<void> {
    const { origin, citizenId, message } = sent;
    // Operators' words and handoff's notices are in the session's transcript already.
    if (origin !== 'dialog') return;
    const text =
      message.kind === 'text'
        ? message.text
        : message.kind === 'picture'
          ? (message.caption ?? message.url)
          : message.kind === 'url'
            ? message.url
            : undefined;
    const entry: HistoryEntry = {
      eventId,
      citizenId,
      at,
      author: 'bot',
      kind: message.kind,
      text,
      lat: message.kind === 'location' ? message.lat : undefined,
      lon: message.kind === 'location' ? message.lon : undefined,
    };
    if (inBatch) inBatch.writer.stage(this.repo.historySink(this.opts.historyLimit), entry);
    else await this.repo.recordHistory(entry, this.opts.historyLimit);
  }
}
