import { processOnce } from '@citizen-desk/event-store';
import { RunningConsumer } from '@citizen-desk/messaging';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { subscriberChangeOf } from './subscriber-change';
import { SubscribersRepository } from './subscribers.repository';

/** Citizens' own events (gateway) and what they chose in the conversation (dialog): one durable consumer each, NATS 2.9 allowing one filter. */
const SOURCES = [
  { durable: 'broadcast-subscribers-citizen', subjects: 'citizen.>' },
  { durable: 'broadcast-subscribers-dialog', subjects: 'dialog.>' },
];

export class SubscribersProjection {
  private readonly consumers: RunningConsumer[] = [];

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly repo: SubscribersRepository,
    private readonly concurrency: number,
  ) {}

  async start(): Promise<void> {
    for (const source of SOURCES) {
      this.consumers.push(
        await this.runtime.consume({
          ...source,
          concurrency: this.concurrency,
          handler: async (envelope) => {
            const change = subscriberChangeOf(envelope);
            if (!change) return;
            await processOnce(this.runtime.dataSource, source.durable, envelope.id, (manager) =>
              this.repo.apply(manager, change),
            );
          },
        }),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
  }
}
