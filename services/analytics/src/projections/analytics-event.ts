import { Envelope } from '@citizen-desk/contracts';

/** An event as analytics keeps it: the envelope plus its position in analytics' own copy of the history. */
export interface AnalyticsEvent {
  position: number;
  id: string;
  type: string;
  occurredAt: string;
  data: unknown;
}

/** The event types some projection reads; analytics keeps a copy of these and skips the rest. */
export const PROJECTED_TYPES = new Set<string>([
  'CitizenMessageReceived',
  'CitizenSubscribed',
  'CitizenUnsubscribed',
  'ConversationOpened',
  'CitizenOptedOut',
  'CitizenForgetRequested',
  'BotReplied',
  'MessageDelivered',
  'MessageSeen',
  'MessageDeliveryFailed',
  'BroadcastBatchSent',
  'CampaignCreated',
  'CampaignStarted',
  'CampaignBatchPlanned',
  'HandoffSessionQueued',
  'HandoffSessionAssigned',
  'HandoffMessageFromOperator',
  'HandoffSessionEnded',
  'HandoffSessionRated',
]);

/** The citizen an event is about, kept in its own column so that a forget request finds their events. */
export function citizenOf(envelope: Pick<Envelope, 'data'>): string | null {
  const data = envelope.data as { citizenId?: unknown; citizen?: { id?: unknown } } | null;
  if (typeof data?.citizenId === 'string') return data.citizenId;
  if (typeof data?.citizen?.id === 'string') return data.citizen.id;
  return null;
}
