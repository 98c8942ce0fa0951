import { Injectable } from '@nestjs/common';
import { authorOf } from '../../content-audit.events';
import { ContentAdminStore } from '../../content-admin.store';
import { putTopic } from '../../content-draft-edits';
import { canEditTopic } from '../../content-permissions';
import { ContentRejected, outOfDepartment } from '../../content-rejected';
import { NOT_UNDERSTOOD_STREAM, notUnderstoodDismissed, withExample } from '../../not-understood-inbox';
import { FileNotUnderstoodCommand } from './file-not-understood.command';

export interface FiledQuestion {
  topic: string;
  question: string;
  /** False when the phrase already was an example of the topic (it still leaves the inbox). */
  added: boolean;
}

/**
 * One click in the not-understood inbox: the question becomes an example phrase of a topic in the draft
 * (live once published), and leaves the inbox, both in one transaction.
 */
@Injectable()
export class FileNotUnderstood {
  constructor(
    private readonly store: ContentAdminStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  execute({ staff, topicId, question, language }: FileNotUnderstoodCommand): Promise<FiledQuestion> {
    return this.store.write(async (m) => {
      const current = await this.store.currentDraft(m);
      const topic = current.content.topics.find((t) => t.id === topicId);
      if (!topic) throw new ContentRejected('no-such-topic', `the draft has no topic ${topicId}`);
      if (!canEditTopic(staff, topic, topic))
        throw outOfDepartment(staff, `topic ${topicId} (department ${topic.department})`);
      const filed = withExample(topic, question, language);
      if (filed) {
        const edited = putTopic(current.content, filed).content;
        await this.store.drafts.save(current.baseVersion, edited, staff.email, m);
        await this.store.record(m, 'ContentDraftChanged', {
          by: authorOf(staff),
          area: 'topic',
          id: topicId,
          change: 'changed',
        });
      }
      await this.store.publish(
        NOT_UNDERSTOOD_STREAM,
        [notUnderstoodDismissed(staff, question, topicId, this.now())],
        m,
      );
      return { topic: topicId, question: question.trim(), added: filed !== null };
    });
  }
}
