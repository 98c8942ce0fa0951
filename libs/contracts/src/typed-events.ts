import { EventOf, EventType, isKnownEventType } from './registry';

/** Any contract event, discriminated by `type`: narrowing on `type` gives the typed data without a cast. */
export type AnyEvent = { [K in EventType]: EventOf<K> }[EventType];

/** One handler per event type a consumer cares about; each gets its own type's envelope. */
export type EventHandlerMap<Extra extends unknown[] = []> = {
  [K in EventType]?: (event: EventOf<K>, ...extra: Extra) => Promise<void>;
};

/** The handler for an event, typed for that event, or undefined when the map does not handle its type. */
export function handlerFor<Extra extends unknown[]>(
  handlers: EventHandlerMap<Extra>,
  event: { type: string },
): ((event: AnyEvent, ...extra: Extra) => Promise<void>) | undefined {
  if (!isKnownEventType(event.type)) return undefined;
  // One cast here keeps every caller free of them: the map's key is the event's own type.
  return handlers[event.type] as ((event: AnyEvent, ...extra: Extra) => Promise<void>) | undefined;
}

/** Narrows an already validated envelope to one event type. */
export function isEventOf<T extends EventType>(event: { type: string }, type: T): event is EventOf<T> {
  return event.type === type;
}
