import { CitizenMessageReceived, Envelope, HandoffSessionEnded, makeEnvelope } from '@citizen-desk/contracts';
import { processOnce } from '@citizen-desk/event-store';
import { currentTraceCarrier } from '@citizen-desk/observability';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { LiveContent } from '../content-store/live-content';
import { understand } from '../understanding';
import { readCitizenInput } from './citizen-input';
import { decideReply } from './conversation.decide';
import { conversationStreamId, evolveConversation, initialConversationState } from './conversation.state';
import { withoutReportReferences } from './report-flow';

export const DIALOG_CONSUMER = 'dialog';
export const DIALOG_HANDOFF_CONSUMER = 'dialog-handoff';

/** Loads a conversation, decides, and appends the events and outgoing messages in one transaction. */
export class ConversationService {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly content: LiveContent,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async onCitizenMessage(received: Envelope<CitizenMessageReceived>): Promise<void> {
    const { content, model } = this.content.current();
    const input = readCitizenInput(received.data.message);
    const understanding =
      input.kind === 'text' ? understand(withoutReportReferences(input.text), model) : null;
    await processOnce(this.runtime.dataSource, DIALOG_CONSUMER, received.id, async (manager) => {
      const streamId = conversationStreamId(received.data.citizen.id);
      const { state, version } = await this.runtime.eventStore.aggregateStream(
        streamId,
        evolveConversation,
        initialConversationState,
        manager,
      );
      const decision = decideReply(
        { eventId: received.id, received: received.data, understanding, now: this.now().toISOString() },
        state,
        content,
      );
      if (decision.events.length === 0 && decision.commands.length === 0) return;
      const trace = currentTraceCarrier();
      const wrap = (type: string, data: unknown, stream = streamId) =>
        makeEnvelope({ type, version: 1, streamId: stream, data, causedBy: received, trace });
      await this.runtime.eventStore.append(
        streamId,
        version,
        decision.events.map((e) => wrap(e.type, e.data)),
        {
          manager,
          alsoPublish: decision.commands.map((c) => wrap(c.type, c.data, `outbound-${c.data.messageId}`)),
        },
      );
      // Asked to be forgotten: the conversation's recorded history goes (what the citizen wrote, which
      // language, what they asked about). The request itself was published for the other services.
      if (decision.forget) await this.runtime.eventStore.deleteStream(streamId, manager);
    });
  }

  /** The handoff ended: the conversation returns to the bot. */
  async onHandoffEnded(ended: Envelope<HandoffSessionEnded>): Promise<void> {
    await processOnce(this.runtime.dataSource, DIALOG_HANDOFF_CONSUMER, ended.id, async (manager) => {
      const streamId = conversationStreamId(ended.data.citizenId);
      const { state, version } = await this.runtime.eventStore.aggregateStream(
        streamId,
        evolveConversation,
        initialConversationState,
        manager,
      );
      if (!state.handoff) return;
      const resumed = makeEnvelope({
        type: 'ConversationResumed',
        version: 1,
        streamId,
        data: {
          citizenId: ended.data.citizenId,
          sessionId: ended.data.sessionId,
          at: this.now().toISOString(),
        },
        causedBy: ended,
        trace: currentTraceCarrier(),
      });
      await this.runtime.eventStore.append(streamId, version, [resumed], { manager });
    });
  }
}
