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
  'NotUnderstoodDismissed',
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
  'ReportFiled',
  'ReportStatusChanged',
  'ReportReassigned',
]);

/**
 * Fields analytics never reads and must not hoard: what a citizen wrote in a report, where they were,
 * their photo, and staff notes. The copy in analytics_events is kept for years, so they are dropped
 * before it is written (the handoff service keeps the report itself).
 */
const UNREAD_PERSONAL_FIELDS: Record<string, readonly string[]> = {
  ReportFiled: ['description', 'location', 'address', 'photoUrl'],
  ReportStatusChanged: ['note'],
  ReportReassigned: ['reason'],
};

/** The envelope as analytics keeps (and projects) it: without the fields listed above. */
export function keptCopyOf(envelope: Envelope): Envelope {
  const drop = UNREAD_PERSONAL_FIELDS[envelope.type];
  if (!drop || typeof envelope.data !== 'object' || envelope.data === null) return envelope;
  const data = { ...(envelope.data as Record<string, unknown>) };
  for (const field of drop) delete data[field];
  return { ...envelope, data };
}

/** The citizen an event is about, kept in its own column so that a forget request finds their events. */
export function citizenOf(envelope: Pick<Envelope, 'data'>): string | null {
  const data = envelope.data as { citizenId?: unknown; citizen?: { id?: unknown } } | null;
  if (typeof data?.citizenId === 'string') return data.citizenId;
  if (typeof data?.citizen?.id === 'string') return data.citizen.id;
  return null;
}
