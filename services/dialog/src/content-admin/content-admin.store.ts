import { StaffClaims } from '@citizen-desk/auth';
import { EventStore } from '@citizen-desk/event-store';
import { Envelope } from '@citizen-desk/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Content } from '../content';
import { ContentDraft, ContentDraftRepository } from '../content-store/content-draft.repository';
import { ContentVersionsRepository } from '../content-store/content-versions.repository';
import {
  CONTENT_STREAM,
  contentAuditEvent,
  ContentAuditData,
  ContentAuditType,
  ContentHistoryEntry,
  historyEntryOf,
} from './content-audit.events';
import { ContentRejected } from './content-rejected';

const MAX_STREAM_VERSION = 2 ** 31 - 1;

/**
 * The published versions, the single working draft and the audit trail (the `content` stream), as the
 * content admin use cases read and write them. Every write runs in one transaction that first takes the
 * content write lock, so concurrent editors and publishers are serialised and each change is recorded
 * in the same transaction as the change itself.
 */
@Injectable()
export class ContentAdminStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
    readonly versions: ContentVersionsRepository,
    readonly drafts: ContentDraftRepository,
  ) {}

  write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await this.drafts.lockContentWrites(m);
      return work(m);
    });
  }

  async latest(m?: EntityManager): Promise<Content> {
    const latest = await this.versions.latest(m);
    // LiveContent seeds version 1 on start, so this only happens on a database emptied by hand.
    if (!latest) throw new ContentRejected('nothing-published', 'no content version is published yet');
    return latest;
  }

  /** The draft, or a fresh one copied from the latest published version. */
  async currentDraft(m: EntityManager): Promise<Pick<ContentDraft, 'baseVersion' | 'content'>> {
    const draft = await this.drafts.get(m);
    if (draft) return draft;
    const latest = await this.latest(m);
    return { baseVersion: latest.version, content: latest };
  }

  async insertVersion(
    content: Content,
    staff: StaffClaims,
    note: string | null,
    m: EntityManager,
  ): Promise<void> {
    // The write lock makes a clash unlikely; the primary key still decides if another writer slipped in.
    const inserted = await this.versions.insert(content, staff.email, note, m);
    if (!inserted)
      throw new ContentRejected(
        'version-taken',
        `version ${content.version} was published by someone else meanwhile`,
      );
  }

  async record<T extends ContentAuditType>(
    m: EntityManager,
    type: T,
    data: ContentAuditData[T],
  ): Promise<void> {
    await this.eventStore.append(CONTENT_STREAM, 'any', [contentAuditEvent(type, data)], {
      publish: false,
      manager: m,
    });
  }

  /** Events other services read (published through the outbox), in `m`'s transaction when given. */
  async publish(streamId: string, events: Envelope[], m?: EntityManager): Promise<void> {
    await this.eventStore.append(streamId, 'any', events, m ? { manager: m } : {});
  }

  /** The audit trail, newest first, `limit` entries before position `before` (exclusive). */
  async history(
    limit: number,
    before?: number,
  ): Promise<{ entries: ContentHistoryEntry[]; nextBefore: number | null }> {
    const { version: last } = await this.eventStore.readStream(CONTENT_STREAM, {
      fromVersion: MAX_STREAM_VERSION,
    });
    const upTo = Math.min(last, before === undefined ? last : before - 1);
    if (upTo < 1) return { entries: [], nextBefore: null };
    const from = Math.max(1, upTo - limit + 1);
    const { events } = await this.eventStore.readStream(CONTENT_STREAM, { fromVersion: from });
    const entries = events
      .filter((e) => e.streamVersion <= upTo)
      .map(historyEntryOf)
      .reverse();
    return { entries, nextBefore: from > 1 ? from : null };
  }
}
