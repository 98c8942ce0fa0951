import { ConsumeEventsOptions } from '@citizen-desk/service-kit';
import { SessionUseCases } from './sessions.usecases';

/**
 * The four durable consumers of handoff sessions (one filter subject each: NATS 2.9). Each only
 * turns the event into its use case's command, within the batch's transaction.
 */
export function sessionConsumers(u: SessionUseCases): ConsumeEventsOptions<undefined>[] {
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
      on: {
        CitizenMessageReceived: (event, scope) =>
          u.routeCitizenMessage.execute({ received: event.data, causedBy: event }, scope),
      },
    },
    {
      durable: 'handoff-bot-replies',
      subjects: 'outbound.send-message',
      on: {
        SendMessageToCitizen: (event, { manager }) =>
          u.recordBotReply.execute({ eventId: event.id, at: event.occurredAt, sent: event.data }, manager),
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
