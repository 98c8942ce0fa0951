import { reportHistoryOf } from './report-history';

const common = {
  reportId: 'r1',
  reference: 'BD-7K3M-Q9XD',
  category: 'roads',
  department: 'local-self-government',
};
const by = { staffId: 's1', name: 'Vesna' };

describe('a report’s history', () => {
  it('lists the filing and every staff change, oldest first, with who and the note', () => {
    const history = reportHistoryOf([
      {
        type: 'ReportFiled',
        data: {
          ...common,
          description: 'Rupa',
          language: 'cnr-Latn',
          channel: 'viber',
          submissionId: 'x',
          filedAt: '2026-03-01T08:00:00.000Z',
        },
      },
      {
        type: 'ReportStatusChanged',
        data: {
          ...common,
          from: 'received',
          status: 'in-progress',
          note: '',
          changedBy: by,
          at: '2026-03-01T09:00:00.000Z',
        },
      },
      {
        type: 'ReportReassigned',
        data: {
          ...common,
          fromCategory: 'roads',
          category: 'illegal-dump',
          fromDepartment: 'local-self-government',
          department: 'communal-police',
          reason: 'Šut',
          changedBy: by,
          at: '2026-03-01T10:00:00.000Z',
        },
      },
      {
        type: 'ReportPublicationChanged',
        data: { ...common, published: true, changedBy: by, at: '2026-03-01T11:00:00.000Z' },
      },
      {
        type: 'ReportStatusChanged',
        data: {
          ...common,
          from: 'in-progress',
          status: 'resolved',
          note: 'Popravljeno.',
          changedBy: by,
          at: '2026-03-01T12:00:00.000Z',
        },
      },
      { type: 'ReportPhotoRotated', data: {} },
    ]);
    expect(history).toEqual([
      { at: '2026-03-01T08:00:00.000Z', kind: 'filed', to: 'viber' },
      { at: '2026-03-01T09:00:00.000Z', kind: 'status', by: 'Vesna', from: 'received', to: 'in-progress' },
      {
        at: '2026-03-01T10:00:00.000Z',
        kind: 'reassigned',
        by: 'Vesna',
        from: 'local-self-government',
        to: 'communal-police',
        note: 'Šut',
      },
      { at: '2026-03-01T11:00:00.000Z', kind: 'publication', by: 'Vesna', published: true },
      {
        at: '2026-03-01T12:00:00.000Z',
        kind: 'status',
        by: 'Vesna',
        from: 'in-progress',
        to: 'resolved',
        note: 'Popravljeno.',
      },
    ]);
  });
});
