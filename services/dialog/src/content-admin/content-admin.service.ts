import { StaffClaims } from '@citizen-desk/auth';
import { EventStore } from '@citizen-desk/event-store';
import { Logger } from '@citizen-desk/observability';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Content, contentSchema, Department, HealthMeasures, MenuNode, Topic, UiTexts } from '../content';
import { ContentDraft, ContentDraftRepository } from '../content-store/content-draft.repository';
import { ContentVersionInfo, ContentVersionsRepository } from '../content-store/content-versions.repository';
import {
  authorOf,
  CONTENT_STREAM,
  contentAuditEvent,
  ContentAuditData,
  ContentAuditType,
  ContentHistoryEntry,
  historyEntryOf,
} from './content-audit.events';
import {
  ContentArea,
  ContentChange,
  describeChange,
  diffContent,
  HEALTH_MEASURES_ID,
  MENU_ID,
  NEWS_ID,
  TEXTS_ID,
} from './content-diff';
import {
  putDepartment,
  putTopic,
  removeTopic,
  setHealthMeasures,
  setMenu,
  setNewsUrl,
  setTexts,
  Edited,
} from './content-draft-edits';
import {
  canEditAdminArea,
  canEditDepartment,
  canEditHealthMeasures,
  canEditTopic,
  changesBeyondScope,
} from './content-permissions';

/** Tells every dialog replica that a version was published (LiveContent.announce). */
export interface VersionAnnouncer {
  announce(version: number): Promise<void>;
}

export interface DraftView {
  /** False while nobody has changed anything: the draft is then the latest published version. */
  exists: boolean;
  baseVersion: number;
  content: Content;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface DraftEditResult {
  area: ContentArea;
  id: string;
  change: ContentChange['change'];
  baseVersion: number;
  updatedBy: string;
  updatedAt: string;
}

export interface PublishResult {
  version: number;
  changes: ContentChange[];
}

const MAX_STREAM_VERSION = 2 ** 31 - 1;

function forbidden(message: string, extra: Record<string, unknown> = {}): ForbiddenException {
  return new ForbiddenException({ statusCode: 403, error: 'Forbidden', message, ...extra });
}
function conflict(message: string, extra: Record<string, unknown> = {}): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', message, ...extra });
}
function outOfDepartment(staff: StaffClaims, what: string): ForbiddenException {
  return forbidden(`${what} is outside your departments (${staff.departments.join(', ') || 'none'})`);
}

/**
 * The content administration use cases: edit the single working draft, compare it with what is
 * published, publish it as a new version, roll back. Every change is recorded in the `content` stream
 * in the same transaction; every write first takes the content write lock, so concurrent editors and
 * publishers are serialised and a publish that lost the race is told so (409).
 */
export class ContentAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
    private readonly versions: ContentVersionsRepository,
    private readonly drafts: ContentDraftRepository,
    private readonly announcer: VersionAnnouncer,
    private readonly logger: Logger,
  ) {}

  async published(): Promise<ContentVersionInfo & { content: Content }> {
    const version = await this.versions.latestVersion();
    return this.version(version);
  }

  listVersions(): Promise<ContentVersionInfo[]> {
    return this.versions.list();
  }

  async version(version: number): Promise<ContentVersionInfo & { content: Content }> {
    const [info, content] = await Promise.all([this.versions.info(version), this.versions.get(version)]);
    if (!info || !content) throw new NotFoundException(`there is no content version ${version}`);
    return { ...info, content };
  }

  async draft(): Promise<DraftView> {
    const draft = await this.drafts.get();
    if (draft) return { exists: true, ...draft };
    const latest = await this.latestOrFail();
    return { exists: false, baseVersion: latest.version, content: latest, updatedBy: null, updatedAt: null };
  }

  /** What publishing the draft would change; empty without a draft. */
  async diff(): Promise<ContentChange[]> {
    const draft = await this.drafts.get();
    if (!draft) return [];
    return diffContent(await this.latestOrFail(), draft.content);
  }

  putTopic(staff: StaffClaims, topic: Topic): Promise<DraftEditResult> {
    return this.editDraft(staff, 'topic', topic.id, (draft) => {
      const before = draft.topics.find((t) => t.id === topic.id);
      if (!canEditTopic(staff, before, topic)) {
        const departments = [
          ...new Set([before?.department, topic.department].filter((d) => d !== undefined)),
        ];
        throw outOfDepartment(staff, `topic ${topic.id} (department ${departments.join(' → ')})`);
      }
      return putTopic(draft, topic);
    });
  }

  deleteTopic(staff: StaffClaims, topicId: string): Promise<DraftEditResult> {
    return this.editDraft(staff, 'topic', topicId, (draft) => {
      const before = draft.topics.find((t) => t.id === topicId);
      if (before && !canEditTopic(staff, before, undefined))
        throw outOfDepartment(staff, `topic ${topicId} (department ${before.department})`);
      const removal = removeTopic(draft, topicId);
      switch (removal.outcome) {
        case 'missing':
          throw new NotFoundException(`the draft has no topic ${topicId}`);
        case 'required':
          throw conflict(`topic ${topicId} is required by the dialog and cannot be deleted`);
        case 'referenced':
          throw conflict(`topic ${topicId} is still referenced by ${removal.references.join(', ')}`, {
            references: removal.references,
          });
        case 'removed':
          return { content: removal.content, change: 'removed' };
      }
    });
  }

  putDepartment(staff: StaffClaims, department: Department): Promise<DraftEditResult> {
    return this.editDraft(staff, 'department', department.id, (draft) => {
      if (!canEditDepartment(staff, department.id))
        throw outOfDepartment(staff, `department ${department.id}`);
      return putDepartment(draft, department);
    });
  }

  setHealthMeasures(staff: StaffClaims, healthMeasures: HealthMeasures): Promise<DraftEditResult> {
    return this.editDraft(staff, 'health-measures', HEALTH_MEASURES_ID, (draft) => {
      if (!canEditHealthMeasures(staff, draft)) throw outOfDepartment(staff, 'the health measures');
      return setHealthMeasures(draft, healthMeasures);
    });
  }

  setMenu(staff: StaffClaims, menu: MenuNode): Promise<DraftEditResult> {
    return this.editDraft(staff, 'menu', MENU_ID, (draft) => {
      if (!canEditAdminArea(staff)) throw forbidden('only an admin may change the menu');
      return setMenu(draft, menu);
    });
  }

  setTexts(staff: StaffClaims, texts: Partial<UiTexts>): Promise<DraftEditResult> {
    return this.editDraft(staff, 'texts', TEXTS_ID, (draft) => {
      if (!canEditAdminArea(staff)) throw forbidden('only an admin may change the UI texts');
      return setTexts(draft, texts);
    });
  }

  setNewsUrl(staff: StaffClaims, newsUrl: string): Promise<DraftEditResult> {
    return this.editDraft(staff, 'news', NEWS_ID, (draft) => {
      if (!canEditAdminArea(staff)) throw forbidden('only an admin may change the news link');
      return setNewsUrl(draft, newsUrl);
    });
  }

  /** Throws the draft away. An editor may do so only when every change in it is theirs. */
  async discard(staff: StaffClaims): Promise<{ discarded: boolean }> {
    return this.dataSource.transaction(async (m) => {
      await this.drafts.lockContentWrites(m);
      const draft = await this.drafts.get(m);
      if (!draft) return { discarded: false };
      const published = await this.latestOrFail(m);
      const beyond = changesBeyondScope(
        staff,
        diffContent(published, draft.content),
        published,
        draft.content,
      );
      if (beyond.length) throw this.beyondScope('discard', beyond);
      await this.drafts.remove(m);
      await this.record(m, 'ContentDraftDiscarded', { by: authorOf(staff), baseVersion: draft.baseVersion });
      return { discarded: true };
    });
  }

  async publish(staff: StaffClaims, note: string | null): Promise<PublishResult> {
    const result = await this.dataSource.transaction(async (m) => {
      await this.drafts.lockContentWrites(m);
      const draft = await this.drafts.get(m);
      if (!draft) throw conflict('there is no draft to publish (it may just have been published)');
      const published = await this.latestOrFail(m);
      if (draft.baseVersion !== published.version) {
        throw conflict(
          `the draft was started from version ${draft.baseVersion}, but version ${published.version} has been published since; discard the draft and make the changes again`,
        );
      }
      const changes = diffContent(published, draft.content);
      if (!changes.length) throw conflict('the draft does not change anything');
      const beyond = changesBeyondScope(staff, changes, published, draft.content);
      if (beyond.length) throw this.beyondScope('publish', beyond);
      const version = published.version + 1;
      const candidate = contentSchema.safeParse({ ...draft.content, version });
      if (!candidate.success) {
        const problems = candidate.error.issues.map((i) =>
          i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
        );
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: `the draft cannot be published: ${problems.join('; ')}`,
          problems,
        });
      }
      await this.insertVersion(candidate.data, staff, note, m);
      await this.drafts.remove(m);
      await this.record(m, 'ContentPublished', { version, by: authorOf(staff), note, changes });
      return { version, changes };
    });
    await this.announce(result.version);
    return result;
  }

  /** Publishes a new version equal to an earlier one; history is never rewritten. */
  async rollback(
    staff: StaffClaims,
    toVersion: number,
    note: string | null,
  ): Promise<PublishResult & { toVersion: number }> {
    const result = await this.dataSource.transaction(async (m) => {
      await this.drafts.lockContentWrites(m);
      const target = await this.versions.get(toVersion, m);
      if (!target) throw new NotFoundException(`there is no content version ${toVersion}`);
      const published = await this.latestOrFail(m);
      if (toVersion === published.version) throw conflict(`version ${toVersion} is the one in use`);
      const changes = diffContent(published, target);
      const beyond = changesBeyondScope(staff, changes, published, target);
      if (beyond.length) throw this.beyondScope('roll back', beyond);
      const version = published.version + 1;
      await this.insertVersion({ ...target, version }, staff, note ?? `rollback to version ${toVersion}`, m);
      await this.record(m, 'ContentRolledBack', {
        toVersion,
        newVersion: version,
        by: authorOf(staff),
        note,
        changes,
      });
      return { version, toVersion, changes };
    });
    await this.announce(result.version);
    return result;
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

  private async editDraft(
    staff: StaffClaims,
    area: ContentArea,
    id: string,
    edit: (draft: Content) => Edited,
  ): Promise<DraftEditResult> {
    return this.dataSource.transaction(async (m) => {
      await this.drafts.lockContentWrites(m);
      const current = await this.currentDraft(m);
      const edited = edit(current.content);
      const saved = await this.drafts.save(current.baseVersion, edited.content, staff.email, m);
      await this.record(m, 'ContentDraftChanged', { by: authorOf(staff), area, id, change: edited.change });
      return {
        area,
        id,
        change: edited.change,
        baseVersion: saved.baseVersion,
        updatedBy: saved.updatedBy,
        updatedAt: saved.updatedAt,
      };
    });
  }

  /** The draft, or a fresh one copied from the latest published version. */
  private async currentDraft(m: EntityManager): Promise<Pick<ContentDraft, 'baseVersion' | 'content'>> {
    const draft = await this.drafts.get(m);
    if (draft) return draft;
    const latest = await this.latestOrFail(m);
    return { baseVersion: latest.version, content: latest };
  }

  private async latestOrFail(m?: EntityManager): Promise<Content> {
    const latest = await this.versions.latest(m);
    // LiveContent seeds version 1 on start, so this only happens on a database emptied by hand.
    if (!latest) throw conflict('no content version is published yet');
    return latest;
  }

  private async insertVersion(
    content: Content,
    staff: StaffClaims,
    note: string | null,
    m: EntityManager,
  ): Promise<void> {
    // The write lock makes a clash unlikely; the primary key still decides if another writer slipped in.
    const inserted = await this.versions.insert(content, staff.email, note, m);
    if (!inserted) throw conflict(`version ${content.version} was published by someone else meanwhile`);
  }

  private beyondScope(action: string, changes: ContentChange[]): ForbiddenException {
    return forbidden(
      `you may not ${action} changes outside your departments: ${changes.map(describeChange).join('; ')}`,
      { changes },
    );
  }

  private async record<T extends ContentAuditType>(
    m: EntityManager,
    type: T,
    data: ContentAuditData[T],
  ): Promise<void> {
    await this.eventStore.append(CONTENT_STREAM, 'any', [contentAuditEvent(type, data)], {
      publish: false,
      manager: m,
    });
  }

  private async announce(version: number): Promise<void> {
    try {
      await this.announcer.announce(version);
    } catch (e) {
      // The version is committed; replicas pick it up on their periodic refresh.
      this.logger.warn({ err: e, version }, 'could not announce the new content version');
    }
  }
}
