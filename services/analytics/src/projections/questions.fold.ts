import type {
  BotReplied,
  CitizenForgetRequested,
  CitizenMessageReceived,
  NotUnderstoodDismissed,
} from '@citizen-desk/contracts';
import { hourBucket } from '../calendar/hour-bucket';
import { MunicipalCalendar, toMillis } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { FigureCounters } from './figure-counters';
import { normaliseQuestion } from './question-text';

/**
 * What citizens write and how the bot answers: messages received, questions by topic, language and
 * outcome, and the texts of the questions it did not understand (until their author asks to be forgotten).
 */

export const QUESTION_EVENTS = [
  'CitizenMessageReceived',
  'BotReplied',
  'CitizenForgetRequested',
  'NotUnderstoodDismissed',
] as const;

/** A row of `not_understood`. */
export interface NotUnderstoodRow {
  eventId: string;
  position: number;
  citizenId: string;
  hour: string;
  day: string;
  normalised: string;
}

/** A citizen's request to be forgotten: what was kept about them before `position` goes. */
export interface ForgetRequest {
  citizenId: string;
  position: number;
}

/** An editor took a question off the not-understood inbox: what was asked before `position` leaves it. */
export interface DismissalRow {
  normalised: string;
  position: number;
  at: string;
  topic: string | null;
}

export interface QuestionRows {
  notUnderstood: NotUnderstoodRow[];
  forgets: ForgetRequest[];
  dismissals: DismissalRow[];
}

export class QuestionsFold {
  readonly counters: FigureCounters;
  private notUnderstood: NotUnderstoodRow[] = [];
  private readonly forgets: ForgetRequest[] = [];
  private readonly dismissals: DismissalRow[] = [];

  constructor(private readonly calendar: MunicipalCalendar) {
    this.counters = new FigureCounters(calendar);
  }

  apply(e: AnalyticsEvent, at: number): void {
    switch (e.type) {
      case 'CitizenMessageReceived':
        this.counters.add('messages-received', at, { kind: (e.data as CitizenMessageReceived).message.kind });
        return;
      case 'BotReplied':
        this.botReplied(e, at);
        return;
      case 'CitizenForgetRequested':
        this.forget((e.data as CitizenForgetRequested).citizenId, e.position);
        return;
      case 'NotUnderstoodDismissed':
        this.dismiss(e);
        return;
    }
  }

  rows(): QuestionRows {
    return { notUnderstood: this.notUnderstood, forgets: this.forgets, dismissals: this.dismissals };
  }

  /** The inbox shows the normalised text, and the editor sends it back: normalised again, it is the same key. */
  private dismiss(e: AnalyticsEvent): void {
    const d = e.data as NotUnderstoodDismissed;
    // Gone from the copy past QUESTION_TEXT_RETENTION_DAYS, with the texts it dismissed.
    if (!d.question) return;
    const normalised = normaliseQuestion(d.question);
    if (!normalised) return;
    this.dismissals.push({ normalised, position: e.position, at: d.at, topic: d.topic });
  }

  private botReplied(e: AnalyticsEvent, at: number): void {
    const d = e.data as BotReplied;
    this.counters.add('questions', at, { topic: d.topic ?? '', language: d.language, outcome: d.outcome });
    if (d.outcome !== 'not-understood' || !d.text) return;
    const normalised = normaliseQuestion(d.text);
    if (!normalised) return;
    this.counters.add('not-understood', at, { question: normalised });
    this.notUnderstood.push({
      eventId: e.id,
      position: e.position,
      citizenId: d.citizenId,
      hour: hourBucket(new Date(at)),
      day: this.calendar.localDate(at),
      normalised,
    });
  }

  /**
   * The citizen's texts go; the counts without them stay (a question asked is still a question asked).
   * Texts from earlier batches are already written: the repository erases those.
   */
  private forget(citizenId: string, position: number): void {
    const kept: NotUnderstoodRow[] = [];
    for (const row of this.notUnderstood) {
      if (row.citizenId !== citizenId) kept.push(row);
      else this.counters.add('not-understood', toMillis(row.hour), { question: row.normalised }, -1);
    }
    this.notUnderstood = kept;
    this.forgets.push({ citizenId, position });
  }
}
