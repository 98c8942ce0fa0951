import { staffAuthProviders, StaffTokenVerification } from '@citizen-desk/auth';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Provider } from '@nestjs/common';
import { ContentDraftRepository } from '../content-store/content-draft.repository';
import { ContentVersionsRepository } from '../content-store/content-versions.repository';
import { LiveContent } from '../content-store/live-content';
import { ContentAdminStore } from './content-admin.store';
import { DiffContentDraft } from './usecases/diff-content-draft/diff-content-draft.usecase';
import { DismissNotUnderstood } from './usecases/dismiss-not-understood/dismiss-not-understood.usecase';
import { DiscardContentDraft } from './usecases/discard-content-draft/discard-content-draft.usecase';
import { EditContentDraft } from './usecases/edit-content-draft/edit-content-draft.usecase';
import { FileNotUnderstood } from './usecases/file-not-understood/file-not-understood.usecase';
import { GetContentDraft } from './usecases/get-content-draft/get-content-draft.usecase';
import { GetContentVersion } from './usecases/get-content-version/get-content-version.usecase';
import { ListContentHistory } from './usecases/list-content-history/list-content-history.usecase';
import { ListContentVersions } from './usecases/list-content-versions/list-content-versions.usecase';
import { PublishContentDraft } from './usecases/publish-content-draft/publish-content-draft.usecase';
import { RollbackContent } from './usecases/rollback-content/rollback-content.usecase';
import { TryContentDraft } from './usecases/try-content-draft/try-content-draft.usecase';
import { BestEffortAnnouncer } from './version-announcer';

/** What the dialog's HTTP app needs for ContentAdminController: the staff guard and the use cases. */
export function contentAdminProviders(
  runtime: ServiceRuntime,
  content: LiveContent,
  staffTokens: StaffTokenVerification,
): Provider[] {
  const store = new ContentAdminStore(
    runtime.dataSource,
    runtime.eventStore,
    new ContentVersionsRepository(runtime.dataSource),
    new ContentDraftRepository(runtime.dataSource),
  );
  const announcer = new BestEffortAnnouncer(content, runtime.logger);
  return [
    ...staffAuthProviders(staffTokens),
    { provide: GetContentVersion, useValue: new GetContentVersion(store) },
    { provide: ListContentVersions, useValue: new ListContentVersions(store) },
    { provide: GetContentDraft, useValue: new GetContentDraft(store) },
    { provide: DiffContentDraft, useValue: new DiffContentDraft(store) },
    { provide: EditContentDraft, useValue: new EditContentDraft(store) },
    { provide: DiscardContentDraft, useValue: new DiscardContentDraft(store) },
    { provide: PublishContentDraft, useValue: new PublishContentDraft(store, announcer) },
    { provide: RollbackContent, useValue: new RollbackContent(store, announcer) },
    { provide: ListContentHistory, useValue: new ListContentHistory(store) },
    { provide: TryContentDraft, useValue: new TryContentDraft(store) },
    { provide: FileNotUnderstood, useValue: new FileNotUnderstood(store) },
    { provide: DismissNotUnderstood, useValue: new DismissNotUnderstood(store) },
  ];
}
