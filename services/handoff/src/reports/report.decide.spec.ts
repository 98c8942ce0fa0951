import { DomainError, ReportFiled } from '@citizen-desk/contracts';
import {
  decideReport,
  evolveReport,
  initialReportState,
  ReportCommand,
  ReportEvent,
  ReportRejected,
  ReportState,
} from './report.decide';

const by = { staffId: 's1', name: 'Milica' };
const at = '2026-11-25T12:00:00.000Z';
const filed: ReportFiled = {
  reportId: 'BD-2026-000001',
  reference: 'BD-2026-000001',
  category: 'street-light',
  department: 'communal-housing',
  description: 'Ne radi rasvjeta',
  location: { lat: 42.28, lon: 18.84 },
  citizenId: 'viber:u1',
  language: 'cnr-Latn',
  channel: 'viber',
  submissionId: 'sub-1',
  filedAt: '2026-11-25T10:00:00.000Z',
};
const fileIt: ReportEvent = { type: 'ReportFiled', data: filed };

function given(...commands: ReportCommand[]): ReportState {
  let state = initialReportState();
  for (const c of commands) state = decideReport(c, state).reduce(evolveReport, state);
  return state;
}
const file: ReportCommand = { type: 'FileReport', report: filed };
const status = (s: 'in-progress' | 'resolved' | 'not-our-responsibility', note = ''): ReportCommand => ({
  type: 'ChangeReportStatus',
  status: s,
  note,
  by,
  at,
});
const duplicate = (of: string): ReportCommand => ({
  type: 'MarkReportDuplicate',
  duplicateOf: of,
  note: '',
  by,
  at,
});
const reassign = (department: string, category = 'street-light'): ReportCommand => ({
  type: 'ReassignReport',
  department,
  category,
  by,
  at,
});

describe('a report', () => {
  it('is filed once, as received', () => {
    expect(decideReport(file, initialReportState())).toEqual([fileIt]);
    expect(given(file)).toMatchObject({
      exists: true,
      status: 'received',
      department: 'communal-housing',
      citizenId: 'viber:u1',
    });
    expect(() => decideReport(file, given(file))).toThrow(ReportRejected);
  });

  it.each<[string, ReportCommand[], ReportCommand, Partial<ReportEvent['data']>]>([
    [
      'received → in progress',
      [file],
      status('in-progress'),
      { from: 'received', status: 'in-progress', note: '' },
    ],
    [
      'in progress → resolved with a note',
      [file, status('in-progress')],
      status('resolved', 'Sijalica zamijenjena'),
      { from: 'in-progress', status: 'resolved', note: 'Sijalica zamijenjena' },
    ],
    [
      'received → not ours, saying where to turn',
      [file],
      status('not-our-responsibility', 'Javite se Elektroprivredi'),
      { status: 'not-our-responsibility', note: 'Javite se Elektroprivredi' },
    ],
    [
      'resolved → reopened',
      [file, status('resolved', 'done')],
      status('in-progress'),
      { from: 'resolved', status: 'in-progress' },
    ],
    [
      'received → duplicate of another',
      [file],
      duplicate('BD-2026-000000'),
      { status: 'duplicate', duplicateOf: 'BD-2026-000000' },
    ],
    [
      'reassigned with the category',
      [file],
      reassign('communal-police', 'illegal-dump'),
      {
        fromDepartment: 'communal-housing',
        department: 'communal-police',
        fromCategory: 'street-light',
        category: 'illegal-dump',
      },
    ],
  ])('given %s: then the event records it', (_name, history, command, expected) => {
    const events = decideReport(command, given(...history));
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ reference: 'BD-2026-000001', changedBy: by, at, ...expected });
  });

  it.each<[string, ReportCommand[], ReportCommand, ReportRejected['reason']]>([
    ['not filed', [], status('in-progress'), 'not-found'],
    ['the same status', [file, status('in-progress')], status('in-progress'), 'no-change'],
    ['resolved without a note', [file], status('resolved', '  '), 'note-required'],
    ['not ours without where to turn', [file], status('not-our-responsibility'), 'note-required'],
    [
      'closed → another closing',
      [file, status('resolved', 'ok')],
      status('not-our-responsibility', 'x'),
      'closed',
    ],
    ['a duplicate of itself', [file], duplicate('BD-2026-000001'), 'self-duplicate'],
    [
      'a closed report marked duplicate',
      [file, status('resolved', 'ok')],
      duplicate('BD-2026-000000'),
      'closed',
    ],
    ['reassigned where it is', [file], reassign('communal-housing'), 'no-change'],
    ['a closed report reassigned', [file, status('resolved', 'ok')], reassign('x'), 'closed'],
  ])('given %s: then it is refused', (_name, history, command, reason) => {
    const state = given(...history);
    expect(() => decideReport(command, state)).toThrow(expect.objectContaining({ reason }));
  });

  it.each<[ReportRejected['reason'], ReportRejected['kind']]>([
    ['not-found', 'not-found'],
    ['already-filed', 'conflict'],
    ['closed', 'conflict'],
    ['note-required', 'invalid'],
    ['unknown-duplicate', 'invalid'],
    ['other-department', 'forbidden'],
    ['supervisor-only', 'forbidden'],
  ])('refuses for %s as a %s domain error', (reason, kind) => {
    const refusal = new ReportRejected(reason, 'refused');
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ name: 'ReportRejected', reason, kind });
  });

  it('folds status, note, duplicate and department from its history', () => {
    const state = given(
      file,
      reassign('communal-police', 'illegal-dump'),
      status('in-progress'),
      status('resolved', 'Očišćeno'),
    );
    expect(state).toMatchObject({
      status: 'resolved',
      note: 'Očišćeno',
      department: 'communal-police',
      category: 'illegal-dump',
      updatedAt: at,
      duplicateOf: null,
    });
  });

  describe('publication', () => {
    const publish = (published: boolean): ReportCommand => ({
      type: 'ChangeReportPublication',
      published,
      by,
      at,
    });
    const consenting: ReportCommand = {
      type: 'FileReport',
      report: { ...filed, consent: { publish: true, exactLocation: false } },
    };

    it('is private when filed, whatever the citizen agreed to', () => {
      expect(given(file)).toMatchObject({ publishConsent: false, published: false });
      expect(given(consenting)).toMatchObject({ publishConsent: true, published: false });
    });

    it('is approved by staff only when the citizen agreed', () => {
      expect(() => decideReport(publish(true), given(file))).toThrow(
        expect.objectContaining({ reason: 'no-consent', kind: 'conflict' }),
      );
      const [event] = decideReport(publish(true), given(consenting));
      expect(event).toEqual({
        type: 'ReportPublicationChanged',
        data: {
          reportId: filed.reportId,
          reference: filed.reference,
          category: filed.category,
          department: filed.department,
          published: true,
          changedBy: by,
          at,
        },
      });
      expect(given(consenting, publish(true))).toMatchObject({ published: true, updatedAt: at });
    });

    it('can be withdrawn, and says when nothing changes', () => {
      expect(given(consenting, publish(true), publish(false))).toMatchObject({ published: false });
      expect(() => decideReport(publish(false), given(consenting))).toThrow(
        expect.objectContaining({ reason: 'no-change' }),
      );
      expect(() => decideReport(publish(true), given(consenting, publish(true)))).toThrow(
        expect.objectContaining({ reason: 'no-change' }),
      );
    });
  });
});
