import { Injectable } from '@nestjs/common';
import { Content } from '../../../content';
import { ContentAdminStore } from '../../content-admin.store';

export interface DraftView {
  /** False while nobody has changed anything: the draft is then the latest published version. */
  exists: boolean;
  baseVersion: number;
  content: Content;
  updatedBy: string | null;
  updatedAt: string | null;
}

@Injectable()
export class GetContentDraft {
  constructor(private readonly store: ContentAdminStore) {}

  async execute(): Promise<DraftView> {
    const draft = await this.store.drafts.get();
    if (draft) return { exists: true, ...draft };
    const latest = await this.store.latest();
    return { exists: false, baseVersion: latest.version, content: latest, updatedBy: null, updatedAt: null };
  }
}
