import { staffAuthProviders } from '@citizen-desk/auth';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Provider } from '@nestjs/common';
import { ContentDraftRepository } from '../content-store/content-draft.repository';
import { ContentVersionsRepository } from '../content-store/content-versions.repository';
import { LiveContent } from '../content-store/live-content';
import { ContentAdminService } from './content-admin.service';

/** What the dialog's HTTP app needs for ContentAdminController: the staff guard and the service. */
export function contentAdminProviders(runtime: ServiceRuntime, content: LiveContent): Provider[] {
  const service = new ContentAdminService(
    runtime.dataSource,
    runtime.eventStore,
    new ContentVersionsRepository(runtime.dataSource),
    new ContentDraftRepository(runtime.dataSource),
    content,
    runtime.logger,
  );
  return [
    ...staffAuthProviders(runtime.config.STAFF_TOKEN_SECRET),
    { provide: ContentAdminService, useValue: service },
  ];
}
