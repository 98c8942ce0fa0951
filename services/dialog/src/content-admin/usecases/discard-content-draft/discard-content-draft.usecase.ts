import { Injectable } from '@nestjs/common';
import { authorOf } from '../../content-audit.events';
import { ContentAdminStore } from '../../content-admin.store';
import { diffContent } from '../../content-diff';
import { changesBeyondScope } from '../../content-permissions';
import { beyondScope } from '../../content-rejected';
import { DiscardContentDraftCommand } from './discard-content-draft.command';

/** Throws the draft away. An editor may do so only when every change in it is theirs. */
@Injectable()
export class DiscardContentDraft {
  constructor(private readonly store: ContentAdminStore) {}

  execute({ staff }: DiscardContentDraftCommand): Promise<{ discarded: boolean }> {
    return this.store.write(async (m) => {
      const draft = await this.store.drafts.get(m);
      if (!draft) return { discarded: false };
      const published = await this.store.latest(m);
      const changes = diffContent(published, draft.content);
      const beyond = changesBeyondScope(staff, changes, published, draft.content);
      if (beyond.length) throw beyondScope('discard', beyond);
      await this.store.drafts.remove(m);
      await this.store.record(m, 'ContentDraftDiscarded', {
        by: authorOf(staff),
        baseVersion: draft.baseVersion,
      });
      return { discarded: true };
    });
  }
}
