import { Injectable } from '@nestjs/common';
import { Content } from '../../../content';
import { ContentVersionInfo } from '../../../content-store/content-versions.repository';
import { ContentAdminStore } from '../../content-admin.store';
import { ContentRejected } from '../../content-rejected';
import { GetContentVersionCommand } from './get-content-version.command';

export type ContentVersion = ContentVersionInfo & { content: Content };

@Injectable()
export class GetContentVersion {
  constructor(private readonly store: ContentAdminStore) {}

  async execute(command: GetContentVersionCommand): Promise<ContentVersion> {
    const { versions } = this.store;
    const version = command.version === 'latest' ? await versions.latestVersion() : command.version;
    const [info, content] = await Promise.all([versions.info(version), versions.get(version)]);
    if (!info || !content)
      throw new ContentRejected('no-such-version', `there is no content version ${version}`);
    return { ...info, content };
  }
}
