import { MunicipalCalendar } from '../calendar/municipal-calendar';
import { parseFigureRange, FigureRangeRejected } from './figure-range';

const cal = new MunicipalCalendar('Europe/Podgorica');

describe('parseFigureRange', () => {
  it('defaults to the last 7 days by day', () => {
    const r = parseFigureRange({}, cal, new Date('2026-11-25T12:00:00Z'));
    expect(r).toMatchObject({ bucket: 'day', firstDay: '2026-11-18', lastDay: '2026-11-25' });
    expect(r.from.toISOString()).toBe('2026-11-18T12:00:00.000Z');
  });

  it('reads a date as the local midnight that begins it, across the spring clock change', () => {
    const r = parseFigureRange({ from: '2026-03-29', to: '2026-03-30', bucket: 'hour' }, cal);
    expect(r.from.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(r.to.toISOString()).toBe('2026-03-29T22:00:00.000Z'); // a 23-hour day
    expect([r.firstDay, r.lastDay]).toEqual(['2026-03-29', '2026-03-29']);
  });

  it('widens week buckets to whole Monday-to-Sunday weeks', () => {
    const r = parseFigureRange({ from: '2026-10-21', to: '2026-10-28', bucket: 'week' }, cal); // Wed to Wed
    expect([r.firstDay, r.lastDay]).toEqual(['2026-10-19', '2026-11-01']);
  });

  it('refuses bad input with a reason', () => {
    expect(() => parseFigureRange({ bucket: 'month' }, cal)).toThrow(/bucket must be one of hour, day, week/);
    expect(() => parseFigureRange({ from: 'last tuesday' }, cal)).toThrow(FigureRangeRejected);
    expect(() => parseFigureRange({ from: '2026-02-02', to: '2026-02-01' }, cal)).toThrow(/before/);
    expect(() => parseFigureRange({ from: '2026-01-01', to: '2026-12-01', bucket: 'hour' }, cal)).toThrow(
      /use bucket=day/,
    );
  });
});
