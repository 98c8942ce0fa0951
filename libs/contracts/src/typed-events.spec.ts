import { makeEnvelope } from './envelope';
import { EventOf, parseEnvelope } from './registry';
import { AnyEvent, EventHandlerMap, handlerFor, isEventOf } from './typed-events';

const unsubscribed = parseEnvelope(
  makeEnvelope({
    type: 'CitizenUnsubscribed',
    version: 1,
    streamId: 'citizen-viber:1',
    data: { citizenId: 'viber:1', at: '2026-11-25T10:00:00.000Z' },
  }),
);

describe('typed events', () => {
  it('finds the handler of an event type and hands it the typed event', async () => {
    const seen: string[] = [];
    const handlers: EventHandlerMap<[number]> = {
      CitizenUnsubscribed: async (event: EventOf<'CitizenUnsubscribed'>, n) => {
        seen.push(`${event.data.citizenId} ${n}`);
      },
    };
    await handlerFor(handlers, unsubscribed)?.(unsubscribed as AnyEvent, 7);
    expect(seen).toEqual(['viber:1 7']);
  });

  it('has no handler for a type the map leaves out, or an unknown type', () => {
    expect(handlerFor({}, unsubscribed)).toBeUndefined();
    expect(handlerFor({ CitizenUnsubscribed: async () => undefined }, { type: 'Nope' })).toBeUndefined();
  });

  it('narrows an envelope to its type', () => {
    expect(isEventOf(unsubscribed, 'CitizenUnsubscribed')).toBe(true);
    expect(isEventOf(unsubscribed, 'CitizenSubscribed')).toBe(false);
  });
});
