import { deterministicId, Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { currentTraceCarrier } from '@citizen-desk/observability';

/** An envelope of the reports, traced, and caused by `cause` when a message started it. */
export function reportEnvelope(streamId: string, type: string, data: unknown, cause?: Envelope): Envelope {
  return makeEnvelope({
    type,
    version: 1,
    streamId,
    data,
    ...(cause ? { causedBy: cause } : {}),
    trace: currentTraceCarrier(),
  });
}

/**
 * A status update to the citizen on Viber. Its message id derives from `idName`, so that a redelivered
 * command sends the same message, which the gateway then sends once.
 */
export function citizenNotice(citizenId: string, idName: string, text: string, cause?: Envelope): Envelope {
  const messageId = deterministicId(idName);
  return reportEnvelope(
    `outbound-${messageId}`,
    'SendMessageToCitizen',
    {
      messageId,
      citizenId,
      message: { kind: 'text', text: text.slice(0, 7000) },
      purpose: 'status-update',
      origin: 'handoff',
    },
    cause,
  );
}
