import { AnyEvent, EventHandlerMap, handlerFor } from '@citizen-desk/contracts';
import { BatchScope, EventStore, ItemOutcome } from '@citizen-desk/event-store';
import { Delivery, DeliveryOutcome } from '@citizen-desk/messaging';
import { counter, Logger, SpanKind, withSpan } from '@citizen-desk/observability';
import { EntityManager } from 'typeorm';

/** What a handler gets besides its event: the batch's transaction, its staged writes, and what `prepare` loaded. */
export interface EventScope<P> extends BatchScope {
  deliveryCount: number;
  prepared: P;
}

export type EventHandlers<P = undefined> = EventHandlerMap<[EventScope<P>]>;

export interface EventBatchHandling<P> {
  /** Names the consumer's processed ids; replicas share it. */
  consumer: string;
  on: EventHandlers<P>;
  /** Loads, in the batch's transaction and in one go, what the batch's fresh events need. */
  prepare?: (events: AnyEvent[], manager: EntityManager) => Promise<P>;
  /** The handlers' effects are idempotent by themselves: spare the processed-id rows. */
  idempotentEffects?: boolean;
}

interface Item {
  id: string;
  key: string;
  index: number;
  event: AnyEvent;
  deliveryCount: number;
}

const handled = counter('messages_handled_total', 'Messages handled by a consumer', [
  'consumer',
  'type',
  'outcome',
]);

/**
 * Runs a batch's events through their typed handlers in one transaction (EventStore.processBatch):
 * events no handler wants are done at once, without touching the database.
 */
export async function handleEventBatch<P>(
  store: EventStore,
  logger: Logger,
  handling: EventBatchHandling<P>,
  batch: Delivery[],
): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = batch.map(() => ({ ok: true }));
  const items: Item[] = [];
  batch.forEach((d, index) => {
    if (!handlerFor(handling.on, d.envelope)) return;
    const event = d.envelope as AnyEvent;
    items.push({ id: event.id, key: event.streamId, index, event, deliveryCount: d.deliveryCount });
  });
  if (items.length === 0) return outcomes;
  const { prepare } = handling;
  const results = await store.processBatch<Item, P>(handling.consumer, items, {
    prepare: prepare
      ? (fresh, manager) =>
          prepare(
            fresh.map((i) => i.event),
            manager,
          )
      : undefined,
    effect: (item, scope, prepared) =>
      traced(handling.consumer, item.event, () =>
        handlerFor(handling.on, item.event)!(item.event, {
          ...scope,
          deliveryCount: item.deliveryCount,
          prepared,
        }),
      ),
    idempotentEffects: handling.idempotentEffects,
    onAfterCommitError: (err) =>
      logger.warn({ err, consumer: handling.consumer }, 'after-commit work failed'),
  });
  results.forEach((result, j) => {
    outcomes[items[j].index] = deliveryOutcomeOf(result, items);
    handled.inc({ consumer: handling.consumer, type: items[j].event.type, outcome: statusLabel(result) });
  });
  return outcomes;
}

/** The batch's answer for one message, with a held message pointing at the one it waits behind. */
export function deliveryOutcomeOf(
  result: ItemOutcome,
  items: ReadonlyArray<{ index: number }>,
): DeliveryOutcome {
  switch (result.status) {
    case 'done':
    case 'duplicate':
      return { ok: true };
    case 'failed':
      return { ok: false, error: result.error };
    case 'held':
      return {
        ok: false,
        error: new Error('held behind a failed message of the same key'),
        heldBehind: items[result.behind].index,
      };
  }
}

function statusLabel(result: ItemOutcome): string {
  return result.status === 'done' ? 'ok' : result.status === 'failed' ? 'error' : result.status;
}

/** One span per message, continuing the trace the message carries. */
function traced(consumer: string, event: AnyEvent, work: () => Promise<void>): Promise<void> {
  return withSpan(
    `${consumer} ${event.type}`,
    {
      parent: event.trace,
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.message.id': event.id, 'citizen_desk.event_type': event.type },
    },
    work,
  );
}
