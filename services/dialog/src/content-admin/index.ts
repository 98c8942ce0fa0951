export { ContentAdminController } from './content-admin.controller';
export { ContentAdminService } from './content-admin.service';
export type { VersionAnnouncer, DraftView, DraftEditResult, PublishResult } from './content-admin.service';
export { diffContent } from './content-diff';
export type { ContentChange, ContentArea } from './content-diff';
export { CONTENT_STREAM } from './content-audit.events';
export { contentAdminProviders } from './content-admin.providers';
