import {
  CitizenForgetRequested,
  CitizenMessageReceived,
  Envelope,
  HandoffRequested,
  SendMessageToCitizen,
} from '@citizen-desk/contracts';
import { ConsumeOptions } from '@citizen-desk/service-kit';
import { SessionUseCases } from './sessions.usecases';

/**
 * The four durable consumers of handoff sessions (one filter subject each: NATS 2.9). Each only
 * turns the event into its use case's command.
 */
export function sessionConsumers(u: SessionUseCases): ConsumeOptions[] {
  return [
    {
      durable: 'handoff-requests',
      subjects: 'dialog.handoff-requested',
      handler: (e) => {
        const envelope = e as Envelope<HandoffRequested>;
        return u.queueSession.execute({ request: envelope.data, causedBy: envelope });
      },
    },
    {
      durable: 'handoff-citizen-messages',
      subjects: 'citizen.message-received',
      // Per-citizen order matters little here (each message is its own event in the session).
      handler: (e) => {
        const envelope = e as Envelope<CitizenMessageReceived>;
        return u.routeCitizenMessage.execute({ received: envelope.data, causedBy: envelope });
      },
    },
    {
      durable: 'handoff-bot-replies',
      subjects: 'outbound.send-message',
      handler: (e) => {
        const envelope = e as Envelope<SendMessageToCitizen>;
        return u.recordBotReply.execute({
          eventId: envelope.id,
          at: envelope.occurredAt,
          sent: envelope.data,
        });
      },
    },
    {
      durable: 'handoff-forget',
      subjects: 'dialog.citizen-forget-requested',
      handler: (e) =>
        u.forgetCitizenHistory.execute({ citizenId: (e as Envelope<CitizenForgetRequested>).data.citizenId }),
    },
  ];
}
