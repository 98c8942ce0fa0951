import { Injectable } from '@nestjs/common';
import { ContentAdminStore } from '../../content-admin.store';
import { NOT_UNDERSTOOD_STREAM, notUnderstoodDismissed } from '../../not-understood-inbox';
import { DismissNotUnderstoodCommand } from './dismiss-not-understood.command';

/** Takes a question off the not-understood inbox without teaching the bot anything (spam, off-topic). */
@Injectable()
export class DismissNotUnderstood {
  constructor(
    private readonly store: ContentAdminStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute({ staff, question }: DismissNotUnderstoodCommand): Promise<{ question: string; at: string }> {
    // Under the content write lock, like a filing: the inbox's stream then takes one append at a time
    // (two clicks in a row raced to the same stream version and one failed).
    return this.store.write(async (m) => {
      const event = notUnderstoodDismissed(staff, question, null, this.now());
      await this.store.publish(NOT_UNDERSTOOD_STREAM, [event], m);
      return { question: event.data.question, at: event.data.at };
    });
  }
}
