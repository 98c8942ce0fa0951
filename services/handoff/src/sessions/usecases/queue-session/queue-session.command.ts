import { Envelope, HandoffRequested } from '@citizen-desk/contracts';

/** The dialog's request for a person; the session's id derives from the request event's. */
export interface QueueSessionCommand {
  request: HandoffRequested;
  causedBy: Pick<Envelope, 'id' | 'correlationId'>;
}
