export { ContentAdminController } from './content-admin.controller';
export type { VersionAnnouncer } from './version-announcer';
export type { DraftView } from './usecases/get-content-draft/get-content-draft.usecase';
export type { DraftEditResult } from './usecases/edit-content-draft/edit-content-draft.usecase';
export type { PublishResult } from './usecases/publish-content-draft/publish-content-draft.usecase';
export { diffContent } from './content-diff';
export type { ContentChange, ContentArea } from './content-diff';
export { CONTENT_STREAM } from './content-audit.events';
export { contentAdminProviders } from './content-admin.providers';
