import { MunicipalCalendar, toMillis } from '../calendar/municipal-calendar';
import { FigureCounters, NO_DIMENSIONS, storedDimensionsOf } from './figure-counters';

const cal = new MunicipalCalendar('Europe/Podgorica');

describe('FigureCounters', () => {
  it('merges changes to one figure, hour and dimensions into one delta, counts and sums added', () => {
    const counters = new FigureCounters(cal);
    const ops = { department: 'local-self-government', operatorId: 'op-1' };
    counters.add('handoff-wait', toMillis('2026-03-29T08:00:00Z'), ops, 1, 120);
    counters.add('handoff-wait', toMillis('2026-03-29T08:59:59Z'), { ...ops }, 1, 60);
    counters.add('handoff-wait', toMillis('2026-03-29T08:10:00Z'), { ...ops, operatorId: 'op-2' }, 1, 30);
    counters.add('handoff-wait', toMillis('2026-03-29T09:00:00Z'), ops, 1, 10);
    expect(counters.deltas()).toEqual([
      {
        figure: 'handoff-wait',
        hour: '2026-03-29T08:00:00.000Z',
        day: '2026-03-29',
        dimensions: ops,
        n: 2,
        s: 180,
      },
      {
        figure: 'handoff-wait',
        hour: '2026-03-29T08:00:00.000Z',
        day: '2026-03-29',
        dimensions: { ...ops, operatorId: 'op-2' },
        n: 1,
        s: 30,
      },
      {
        figure: 'handoff-wait',
        hour: '2026-03-29T09:00:00.000Z',
        day: '2026-03-29',
        dimensions: ops,
        n: 1,
        s: 10,
      },
    ]);
  });

  it('labels each change with its UTC hour and the local day (23:30 local on the 28th is still the 28th)', () => {
    const counters = new FigureCounters(cal);
    counters.add('new-citizens', toMillis('2026-03-28T22:30:00Z'), NO_DIMENSIONS);
    counters.add('new-citizens', toMillis('2026-03-28T23:10:00Z'), NO_DIMENSIONS, -1);
    expect(counters.deltas().map((d) => [d.hour, d.day, d.n])).toEqual([
      ['2026-03-28T22:00:00.000Z', '2026-03-28', 1],
      ['2026-03-28T23:00:00.000Z', '2026-03-29', -1],
    ]);
  });

  it('stores a figure’s dimensions in their fixed column order, empty columns as blank', () => {
    const counters = new FigureCounters(cal);
    const at = toMillis('2026-03-29T10:00:00Z');
    counters.add('reports-filed', at, {
      channel: 'viber',
      category: 'illegal-dump',
      department: 'communal-services',
    });
    counters.add('handoff-queued', at, { department: 'communal-services' });
    counters.add('opted-out', at, NO_DIMENSIONS);
    expect(counters.deltas().map(storedDimensionsOf)).toEqual([
      ['communal-services', 'illegal-dump', 'viber'],
      ['communal-services', '', ''],
      ['', '', ''],
    ]);
  });
});
