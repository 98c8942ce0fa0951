import { hourBucket } from '../calendar/hour-bucket';
import { MunicipalCalendar } from '../calendar/municipal-calendar';

/**
 * Every bucketed figure and the dimensions it is counted under. The order is the order they are stored
 * in (`counts_hourly` / `counts_daily` columns k1, k2, k3) and read back by the queries, so it is fixed.
 */
export const FIGURE_DIMENSIONS = {
  'messages-received': ['kind'],
  questions: ['topic', 'language', 'outcome'],
  'not-understood': ['question'],
  'new-citizens': [],
  subscribed: [],
  unsubscribed: [],
  'opted-out': [],
  'handoff-queued': ['department'],
  'handoff-wait': ['department', 'operatorId'],
  'handoff-first-reply': ['department', 'operatorId'],
  'handoff-handling': ['department', 'operatorId'],
  'handoff-ended': ['department', 'operatorId', 'endedBy'],
  'handoff-rating': ['department', 'operatorId'],
  'reports-filed': ['department', 'category', 'channel'],
} as const satisfies Record<string, readonly [] | readonly [string, string?, string?]>;

export type Figure = keyof typeof FIGURE_DIMENSIONS;

/** The named dimensions of one figure ('' where a dimension is unknown, as the tables store it). */
export type DimensionsOf<F extends Figure> = {
  readonly [D in (typeof FIGURE_DIMENSIONS)[F][number]]: string;
};

/** For figures counted with no dimensions: one shared object rather than one per event. */
export const NO_DIMENSIONS = Object.freeze({});

/** A change to one figure's count (n) and sum (s, of seconds or ratings) in one hour and local day. */
export interface CounterDeltaOf<F extends Figure> {
  figure: F;
  hour: string;
  day: string;
  dimensions: DimensionsOf<F>;
  n: number;
  s: number;
}

type CounterDeltaByFigure = { [F in Figure]: CounterDeltaOf<F> };

/** A change to any figure; narrowing on `figure` names its dimensions. */
export type CounterDelta = CounterDeltaByFigure[Figure];

/** A figure's dimension values in stored column order (k1, k2, k3), '' for the columns it does not use. */
export function storedDimensionsOf(delta: CounterDelta): [string, string, string] {
  const names: readonly string[] = FIGURE_DIMENSIONS[delta.figure];
  const values: Readonly<Record<string, string>> = delta.dimensions;
  const stored: [string, string, string] = ['', '', ''];
  names.forEach((name, column) => (stored[column] = values[name]));
  return stored;
}

/**
 * The counter changes one fold makes in a batch, one entry per figure, hour and dimension values, so that
 * a batch of thousands of events writes each counter once.
 */
export class FigureCounters {
  private readonly byKey = new Map<string, CounterDelta>();

  constructor(private readonly calendar: MunicipalCalendar) {}

  add<F extends Figure>(figure: F, at: number, dimensions: DimensionsOf<F>, n = 1, s = 0): void {
    const hour = hourBucket(new Date(at));
    const values: Readonly<Record<string, string>> = dimensions;
    let key = `${figure}\u0000${hour}`;
    for (const name of FIGURE_DIMENSIONS[figure] as readonly string[]) key += `\u0000${values[name]}`;
    const found = this.byKey.get(key);
    if (found) {
      found.n += n;
      found.s += s;
      return;
    }
    const delta: CounterDeltaOf<F> = { figure, hour, day: this.calendar.localDate(at), dimensions, n, s };
    this.byKey.set(key, delta as CounterDelta);
  }

  deltas(): CounterDelta[] {
    return [...this.byKey.values()];
  }
}
