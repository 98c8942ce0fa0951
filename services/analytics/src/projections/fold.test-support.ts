import { Envelope } from '@citizen-desk/contracts';
import { AnalyticsEvent } from './analytics-event';
import { CounterDelta, CounterDeltaOf, Figure } from './figure-counters';

/** Envelopes as a fold reads them, positioned in the order given (from 1). */
export function analyticsEventsOf(envelopes: Envelope[]): AnalyticsEvent[] {
  return envelopes.map((e, i) => ({
    position: i + 1,
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    data: e.data,
  }));
}

/** One event, for a test that needs only a few. */
export function anEvent(type: string, occurredAt: string, data: unknown, position = 1): AnalyticsEvent {
  return { position, id: `${type}-${position}`, type, occurredAt, data };
}

/** The changes to one figure, with its named dimensions. */
export function countersOf<F extends Figure>(deltas: CounterDelta[], figure: F): CounterDeltaOf<F>[] {
  return deltas.filter((d) => d.figure === figure) as CounterDeltaOf<F>[];
}

/** A figure's net count per local day, days that net to zero left out. */
export function netByDay(deltas: CounterDelta[], figure: Figure): Record<string, number> {
  const net: Record<string, number> = {};
  for (const d of countersOf(deltas, figure)) net[d.day] = (net[d.day] ?? 0) + d.n;
  return Object.fromEntries(Object.entries(net).filter(([, n]) => n !== 0));
}
