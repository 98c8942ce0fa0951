import { ReportFiled, ReportStatus, ReportStatusChanged } from '@citizen-desk/contracts';
import { ReportCategory } from './report-categories';
import {
  NoticeLanguage,
  REPORT_NOTICE_LANGUAGES,
  ReportNoticeKey,
  reportNoticeTexts,
} from './report-notices.texts';

/** Pure: the texts the reports service sends a citizen, in their language. */
export const noticeLanguage = (language: string): NoticeLanguage =>
  (REPORT_NOTICE_LANGUAGES as readonly string[]).includes(language)
    ? (language as NoticeLanguage)
    : 'cnr-Latn';

function fill(key: ReportNoticeKey, language: string, values: Record<string, string>): string {
  const template: string = reportNoticeTexts[key][noticeLanguage(language)];
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? '').trim();
}

const PHOTO_REJECTED: Record<ReportFiled['photoRejected'] & string, ReportNoticeKey> = {
  'not-an-image': 'photoNotAnImage',
  'too-large': 'photoTooLarge',
  unreachable: 'photoUnreachable',
};

/** The reference and where the report went; and, when the citizen's photo was not kept, why. */
export function filedNotice(
  reference: string,
  category: ReportCategory,
  language: string,
  photoRejected?: ReportFiled['photoRejected'],
): string {
  const filed = fill('filed', language, { reference, agency: category.agency[noticeLanguage(language)] });
  return photoRejected ? `${filed}\n\n${fill(PHOTO_REJECTED[photoRejected], language, {})}` : filed;
}

/** The push for a status change; null for a change the citizen is not told about (none today). */
export function statusChangedNotice(
  change: Pick<ReportStatusChanged, 'reference' | 'status' | 'note' | 'duplicateOf'>,
  language: string,
): string | null {
  const values = { reference: change.reference, note: change.note, duplicateOf: change.duplicateOf ?? '' };
  switch (change.status) {
    case 'in-progress':
      return fill('inProgress', language, values);
    case 'resolved':
      return fill('resolved', language, values);
    case 'not-our-responsibility':
      return fill('notOurs', language, values);
    case 'duplicate':
      return fill('duplicate', language, values);
    case 'received':
      return null;
  }
}

const STATUS_KEYS: Record<ReportStatus, ReportNoticeKey> = {
  received: 'statusReceived',
  'in-progress': 'statusInProgress',
  resolved: 'statusResolved',
  'not-our-responsibility': 'statusNotOurs',
  duplicate: 'statusDuplicate',
};

export interface ReportSummary {
  reference: string;
  status: ReportStatus;
  note: string | null;
  filedAt: string;
}

function statusLine(report: ReportSummary, language: string): string {
  const line = fill('statusLine', language, {
    reference: report.reference,
    date: report.filedAt.slice(0, 10),
    status: fill(STATUS_KEYS[report.status], language, {}),
  });
  return report.note ? `${line}\n${report.note}` : line;
}

/** The answer to "what about my report(s)?": one report, all of the citizen's, or that there is none. */
export function statusAnswer(reference: string | null, reports: ReportSummary[], language: string): string {
  if (reference) {
    const report = reports.find((r) => r.reference === reference);
    return report ? statusLine(report, language) : fill('notFound', language, { reference });
  }
  if (reports.length === 0) return fill('noReports', language, {});
  return [fill('yourReports', language, {}), ...reports.map((r) => statusLine(r, language))].join('\n\n');
}
