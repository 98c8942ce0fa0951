import { Injectable } from '@nestjs/common';
import { contentSchema } from '../../../content';
import { authorOf } from '../../content-audit.events';
import { ContentAdminStore } from '../../content-admin.store';
import { ContentChange, diffContent } from '../../content-diff';
import { changesBeyondScope } from '../../content-permissions';
import { beyondScope, ContentRejected } from '../../content-rejected';
import { VersionAnnouncer } from '../../version-announcer';
import { PublishContentDraftCommand } from './publish-content-draft.command';

export interface PublishResult {
  version: number;
  changes: ContentChange[];
}

/**
 * Publishes the draft as the next version and tells every replica. A publish that lost the race to
 * another one (both waited on the write lock) finds no draft, or a stale one, and is told so.
 */
@Injectable()
export class PublishContentDraft {
  constructor(
    private readonly store: ContentAdminStore,
    private readonly announcer: VersionAnnouncer,
  ) {}

  async execute({ staff, note }: PublishContentDraftCommand): Promise<PublishResult> {
    const result = await this.store.write(async (m) => {
      const draft = await this.store.drafts.get(m);
      if (!draft)
        throw new ContentRejected(
          'no-draft',
          'there is no draft to publish (it may just have been published)',
        );
      const published = await this.store.latest(m);
      if (draft.baseVersion !== published.version) {
        throw new ContentRejected(
          'stale-draft',
          `the draft was started from version ${draft.baseVersion}, but version ${published.version} has been published since; discard the draft and make the changes again`,
        );
      }
      const changes = diffContent(published, draft.content);
      if (!changes.length) throw new ContentRejected('no-change', 'the draft does not change anything');
      const beyond = changesBeyondScope(staff, changes, published, draft.content);
      if (beyond.length) throw beyondScope('publish', beyond);
      const version = published.version + 1;
      const candidate = contentSchema.safeParse({ ...draft.content, version });
      if (!candidate.success) {
        const problems = candidate.error.issues.map((i) =>
          i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
        );
        throw new ContentRejected(
          'invalid-content',
          `the draft cannot be published: ${problems.join('; ')}`,
          { problems },
        );
      }
      await this.store.insertVersion(candidate.data, staff, note, m);
      await this.store.drafts.remove(m);
      await this.store.record(m, 'ContentPublished', { version, by: authorOf(staff), note, changes });
      return { version, changes };
    });
    await this.announcer.announce(result.version);
    return result;
  }
}
