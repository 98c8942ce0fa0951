import { Injectable } from '@nestjs/common';
import { ContentVersionInfo } from '../../../content-store/content-versions.repository';
import { ContentAdminStore } from '../../content-admin.store';

/** Every published version, newest first. */
@Injectable()
export class ListContentVersions {
  constructor(private readonly store: ContentAdminStore) {}

  execute(): Promise<ContentVersionInfo[]> {
    return this.store.versions.list();
  }
}
