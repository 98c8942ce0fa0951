import { Injectable } from '@nestjs/common';
import { authorOf } from '../../content-audit.events';
import { ContentAdminStore } from '../../content-admin.store';
import { ContentArea, ContentChange } from '../../content-diff';
import { decideDraftEdit } from '../../content-draft-edit.decide';
import { EditContentDraftCommand } from './edit-content-draft.command';

export interface DraftEditResult {
  area: ContentArea;
  id: string;
  change: ContentChange['change'];
  baseVersion: number;
  updatedBy: string;
  updatedAt: string;
}

/** Changes the working draft (started from the latest version if there is none) and records who did. */
@Injectable()
export class EditContentDraft {
  constructor(private readonly store: ContentAdminStore) {}

  execute({ staff, edit }: EditContentDraftCommand): Promise<DraftEditResult> {
    return this.store.write(async (m) => {
      const current = await this.store.currentDraft(m);
      const { area, id, change, content } = decideDraftEdit(staff, current.content, edit);
      const saved = await this.store.drafts.save(current.baseVersion, content, staff.email, m);
      await this.store.record(m, 'ContentDraftChanged', { by: authorOf(staff), area, id, change });
      return {
        area,
        id,
        change,
        baseVersion: saved.baseVersion,
        updatedBy: saved.updatedBy,
        updatedAt: saved.updatedAt,
      };
    });
  }
}
