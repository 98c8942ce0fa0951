import { Injectable } from '@nestjs/common';
import { ContentAdminStore } from '../../content-admin.store';
import { ContentChange, diffContent } from '../../content-diff';

/** What publishing the draft would change; empty without a draft. */
@Injectable()
export class DiffContentDraft {
  constructor(private readonly store: ContentAdminStore) {}

  async execute(): Promise<ContentChange[]> {
    const draft = await this.store.drafts.get();
    if (!draft) return [];
    return diffContent(await this.store.latest(), draft.content);
  }
}
