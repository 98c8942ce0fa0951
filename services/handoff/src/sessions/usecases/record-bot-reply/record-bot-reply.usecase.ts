import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SessionsOptions } from '../../sessions.options';
import { SessionsRepository } from '../../sessions.repository';
import { RecordBotReplyCommand } from './record-bot-reply.command';

/** Keeps the bot's own answers, so that an operator sees what the citizen was told before. */
@Injectable()
export class RecordBotReplyUseCase {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly opts: SessionsOptions,
  ) {}

  async execute({ eventId, at, sent }: RecordBotReplyCommand, manager?: EntityManager): Promise<void> {
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
    await this.repo.recordHistory(
      {
        eventId,
        citizenId,
        at,
        author: 'bot',
        kind: message.kind,
        text,
        lat: message.kind === 'location' ? message.lat : undefined,
        lon: message.kind === 'location' ? message.lon : undefined,
      },
      this.opts.historyLimit,
      manager,
    );
  }
}
