import { AnyEvent } from '@citizen-desk/contracts';
import { RunningBatchConsumer } from '@citizen-desk/messaging';
import { EventHandlers, EventScope, ServiceRuntime } from '@citizen-desk/service-kit';
import { subscriberChangeOf } from './subscriber-change';
import { SubscribersRepository } from './subscribers.repository';

/** Citizens' own events (gateway) and what they chose in the conversation (dialog): one durable consumer each, NATS 2.9 allowing one filter. */
const SOURCES = [
  { durable: 'broadcast-subscribers-citizen', subjects: 'citizen.>' },
  { durable: 'broadcast-subscribers-dialog', subjects: 'dialog.>' },
];

export class SubscribersProjection {
  private readonly consumers: RunningBatchConsumer[] = [];

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly repo: SubscribersRepository,
    private readonly batchSize: number,
  ) {}

  async start(): Promise<void> {
    const apply = (event: AnyEvent, scope: EventScope<undefined>) => this.apply(event, scope);
    // Every event subscriberChangeOf reads; the others are acknowledged without touching the database.
    const on: EventHandlers = {
      CitizenSubscribed: apply,
      CitizenUnsubscribed: apply,
      ConversationOpened: apply,
      CitizenMessageReceived: apply,
      CitizenOptedOut: apply,
      CitizenForgetRequested: apply,
      ConversationLanguageChosen: apply,
      BotReplied: apply,
      NoticeCategoriesChosen: apply,
    };
    for (const source of SOURCES)
      this.consumers.push(await this.runtime.consumeEvents({ ...source, batchSize: this.batchSize, on }));
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
  }

  /** Staged: the batch's changes are written together when it commits (SubscribersRepository.applyAll). */
  private async apply(event: AnyEvent, { writer }: EventScope<undefined>): Promise<void> {
    const change = subscriberChangeOf(event);
    if (change) writer.stage(this.repo.changes, change);
  }
}
