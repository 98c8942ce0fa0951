import { Injectable } from '@nestjs/common';
import { buildUnderstandingModel } from '../../../understanding';
import { ContentAdminStore } from '../../content-admin.store';
import { DraftModelCache, TriedReply, tryContent } from '../../try-content';
import { TryContentDraftCommand } from './try-content-draft.command';

export interface DraftTryResult extends TriedReply {
  /** Whether the answer came from a draft (false: nobody has changed anything, so from the published version). */
  fromDraft: boolean;
  baseVersion: number;
}

/** What the bot would answer from the working draft: editors try a change before publishing it. */
@Injectable()
export class TryContentDraft {
  constructor(
    private readonly store: ContentAdminStore,
    private readonly models = new DraftModelCache(buildUnderstandingModel),
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(command: TryContentDraftCommand): Promise<DraftTryResult> {
    const draft = await this.store.drafts.get();
    const content = draft?.content ?? (await this.store.latest());
    const baseVersion = draft?.baseVersion ?? content.version;
    const key = draft ? `draft:${draft.baseVersion}:${draft.updatedAt}` : `published:${content.version}`;
    const model = this.models.modelOf(key, content);
    return { ...tryContent(content, model, command, this.now()), fromDraft: draft !== null, baseVersion };
  }
}
