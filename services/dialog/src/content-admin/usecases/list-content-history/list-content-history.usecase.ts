import { Injectable } from '@nestjs/common';
import { ContentHistoryEntry } from '../../content-audit.events';
import { ContentAdminStore } from '../../content-admin.store';
import { ListContentHistoryCommand } from './list-content-history.command';

/** Who changed what and when, newest first. */
@Injectable()
export class ListContentHistory {
  constructor(private readonly store: ContentAdminStore) {}

  execute({
    limit,
    before,
  }: ListContentHistoryCommand): Promise<{ entries: ContentHistoryEntry[]; nextBefore: number | null }> {
    return this.store.history(limit, before);
  }
}
