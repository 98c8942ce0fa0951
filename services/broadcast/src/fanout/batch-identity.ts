import { deterministicId } from '@citizen-desk/contracts';

/**
 * A batch is named by its campaign and its place in the campaign, and so are the envelopes that carry
 * it: planned again after a crash, it is the same batch, and JetStream (Nats-Msg-Id) and the gateway
 * (processed command ids) drop the second copy.
 */
export function batchIdOf(campaignId: string, sequence: number): string {
  return `${campaignId}:${sequence}`;
}

export function broadcastCommandIdOf(batchId: string): string {
  return deterministicId(`BroadcastToCitizens:${batchId}`);
}

export function batchPlannedEventIdOf(batchId: string): string {
  return deterministicId(`CampaignBatchPlanned:${batchId}`);
}

/** The n-th re-issue of a batch the gateway never reported on: a new command, which JetStream does not drop. */
export function reissuedCommandIdOf(batchId: string, reissue: number): string {
  return deterministicId(`BroadcastToCitizens:${batchId}:reissue:${reissue}`);
}
