import { ConsumeEventsOptions } from '@citizen-desk/service-kit';
import { SessionUseCases } from './sessions.usecases';
import { CitizenMessageBatch } from './usecases/route-citizen-message/route-citizen-message.usecase';

/**
 * The four durable consumers of handoff sessions (one filter subject each: NATS 2.9). Each only
 * turns the event into its use case's command, within the batch's transaction.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each consumer has its own prepared type
export function sessionConsumers(u: SessionUseCases): ConsumeEventsOptions<any>[] {
  return [
    {
      durable: 'handoff-requests',
      subjects: 'dialog.handoff-requested',
      on: {
        HandoffRequested: (event, scope) =>
          u.queueSession.execute({ request: event.data, causedBy: event }, scope),
      },
    },
    {
      durable: 'handoff-citizen-messages',
      subjects: 'citizen.message-received',
      prepare: (events, manager) =>
        u.routeCitizenMessage.prepareBatch(
          events.flatMap((e) => (e.type === 'CitizenMessageReceived' ? [e.data.citizen.id] : [])),
          manager,
        ),
      on: {
        CitizenMessageReceived: (event, scope) =>
          u.routeCitizenMessage.execute({ received: event.data, causedBy: event }, scope),
      },
    } satisfies ConsumeEventsOptions<CitizenMessageBatch>,
    {
      durable: 'handoff-bot-replies',
      subjects: 'outbound.send-message',
      on: {
        SendMessageToCitizen: (event, scope) =>
          u.recordBotReply.execute({ eventId: event.id, at: event.occurredAt, sent: event.data }, scope),
      },
    },
    {
      durable: 'handoff-forget',
      subjects: 'dialog.citizen-forget-requested',
      on: {
        CitizenForgetRequested: (event, { manager }) =>
          u.forgetCitizenHistory.execute({ citizenId: event.data.citizenId }, manager),
      },
    },
  ];
}
