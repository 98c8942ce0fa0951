import { AnyEvent, EventOf, makeEnvelope } from '@citizen-desk/contracts';
import { foldStream } from '@citizen-desk/event-store';
import { currentTraceCarrier } from '@citizen-desk/observability';
import { EventScope, ServiceRuntime } from '@citizen-desk/service-kit';
import { EntityManager } from 'typeorm';
import { LiveContent } from '../content-store/live-content';
import { understand } from '../understanding';
import { readCitizenInput } from './citizen-input';
import { decideReply } from './conversation.decide';
import {
  ConversationState,
  conversationStreamId,
  evolveConversation,
  initialConversationState,
} from './conversation.state';
import { withoutReportReferences } from './report-flow';

export const DIALOG_CONSUMER = 'dialog';
export const DIALOG_HANDOFF_CONSUMER = 'dialog-handoff';

/**
 * The conversations a batch touches, by stream: loaded in one query, and moved on in memory as each
 * message of the batch is decided, so that a citizen's second message in a batch sees the first.
 */
export type Conversations = Map<string, { state: ConversationState; version: number }>;

/** The citizen an event of the dialog's consumers is about: their messages are handled in order. */
export function citizenOf(event: AnyEvent): string | undefined {
  if (event.type === 'CitizenMessageReceived') return event.data.citizen.id;
  if (event.type === 'HandoffSessionEnded') return event.data.citizenId;
  return undefined;
}

/** Decides on each message against its conversation and stages the events and outgoing messages in the batch. */
export class ConversationService {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly content: LiveContent,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every conversation of the batch's citizens, in one query. */
  async load(events: AnyEvent[], manager: EntityManager): Promise<Conversations> {
    const streamIds = events.flatMap((e) => {
      const citizenId = citizenOf(e);
      return citizenId === undefined ? [] : [conversationStreamId(citizenId)];
    });
    const streams = await this.runtime.eventStore.readStreams(streamIds, manager);
    const conversations: Conversations = new Map();
    for (const [streamId, { events: recorded, version }] of streams)
      conversations.set(streamId, {
        state: foldStream(recorded, evolveConversation, initialConversationState),
        version,
      });
    return conversations;
  }

  async onCitizenMessage(
    received: EventOf<'CitizenMessageReceived'>,
    scope: EventScope<Conversations>,
  ): Promise<void> {
    const { content, model } = this.content.current();
    const input = readCitizenInput(received.data.message);
    const understanding =
      input.kind === 'text' ? understand(withoutReportReferences(input.text), model) : null;
    const streamId = conversationStreamId(received.data.citizen.id);
    const { state, version } = conversationIn(scope.prepared, streamId);
    const decision = decideReply(
      { eventId: received.id, received: received.data, understanding, now: this.now().toISOString() },
      state,
      content,
    );
    if (decision.events.length === 0 && decision.commands.length === 0) return;
    const trace = currentTraceCarrier();
    const wrap = (type: string, data: unknown, stream = streamId) =>
      makeEnvelope({ type, version: 1, streamId: stream, data, causedBy: received, trace });
    const events = decision.events.map((e) => wrap(e.type, e.data));
    scope.writer.append(streamId, version, events, {
      alsoPublish: decision.commands.map((c) => wrap(c.type, c.data, `outbound-${c.data.messageId}`)),
      // The answer to "forget me" is read by the gateway after the key is gone: it stays in clear.
      seal: !decision.forget,
    });
    if (decision.forget) {
      // Asked to be forgotten: the conversation's recorded history goes (what the citizen wrote, which
      // language, what they asked about). The request itself was published for the other services.
      await scope.writer.flush();
      await this.runtime.eventStore.deleteStream(streamId, scope.manager);
      // Crypto-shredding: with the citizen's key gone, every sealed copy of their words, name, phone
      // and places (other services' events, JetStream, analytics, backups) reads as erased.
      await this.runtime.citizenKeys.shred([received.data.citizen.id]);
      scope.prepared.set(streamId, { state: initialConversationState(), version: 0 });
      return;
    }
    scope.prepared.set(streamId, {
      state: foldStream(events, evolveConversation, () => state),
      version: version + events.length,
    });
  }

  /** The handoff ended: the conversation returns to the bot. */
  async onHandoffEnded(
    ended: EventOf<'HandoffSessionEnded'>,
    scope: EventScope<Conversations>,
  ): Promise<void> {
    const streamId = conversationStreamId(ended.data.citizenId);
    const { state, version } = conversationIn(scope.prepared, streamId);
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
    scope.writer.append(streamId, version, [resumed]);
    scope.prepared.set(streamId, { state: evolveConversation(state, resumed), version: version + 1 });
  }
}

function conversationIn(conversations: Conversations, streamId: string) {
  return conversations.get(streamId) ?? { state: initialConversationState(), version: 0 };
}
