import { SendMessageToCitizen } from '@citizen-desk/contracts';

/** A message on its way to a citizen, with its event's id and time. */
export interface RecordBotReplyCommand {
  eventId: string;
  at: string;
  sent: SendMessageToCitizen;
}
