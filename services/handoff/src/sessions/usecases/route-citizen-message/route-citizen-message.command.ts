import { CitizenMessageReceived, Envelope } from '@citizen-desk/contracts';

/** One message of a citizen, as the gateway received it. */
export interface RouteCitizenMessageCommand {
  received: CitizenMessageReceived;
  causedBy: Pick<Envelope, 'id' | 'correlationId'>;
}
