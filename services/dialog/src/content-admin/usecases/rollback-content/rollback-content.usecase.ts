import { Injectable } from '@nestjs/common';
import { authorOf } from '../../content-audit.events';
import { ContentAdminStore } from '../../content-admin.store';
import { diffContent } from '../../content-diff';
import { changesBeyondScope } from '../../content-permissions';
import { beyondScope, ContentRejected } from '../../content-rejected';
import { VersionAnnouncer } from '../../version-announcer';
import { PublishResult } from '../publish-content-draft/publish-content-draft.usecase';
import { RollbackContentCommand } from './rollback-content.command';

/** Publishes a new version equal to an earlier one; history is never rewritten. */
@Injectable()
export class RollbackContent {
  constructor(
    private readonly store: ContentAdminStore,
    private readonly announcer: VersionAnnouncer,
  ) {}

  async execute({
    staff,
    toVersion,
    note,
  }: RollbackContentCommand): Promise<PublishResult & { toVersion: number }> {
    const result = await this.store.write(async (m) => {
      const target = await this.store.versions.get(toVersion, m);
      if (!target) throw new ContentRejected('no-such-version', `there is no content version ${toVersion}`);
      const published = await this.store.latest(m);
      if (toVersion === published.version)
        throw new ContentRejected('version-in-use', `version ${toVersion} is the one in use`);
      const changes = diffContent(published, target);
      const beyond = changesBeyondScope(staff, changes, published, target);
      if (beyond.length) throw beyondScope('roll back', beyond);
      const version = published.version + 1;
      await this.store.insertVersion(
        { ...target, version },
        staff,
        note ?? `rollback to version ${toVersion}`,
        m,
      );
      await this.store.record(m, 'ContentRolledBack', {
        toVersion,
        newVersion: version,
        by: authorOf(staff),
        note,
        changes,
      });
      return { version, toVersion, changes };
    });
    await this.announcer.announce(result.version);
    return result;
  }
}
