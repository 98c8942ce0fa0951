import { z } from 'zod';
import { Envelope, envelopeSchema } from './envelope';
import {
  citizenMessageReceivedV1,
  citizenSubscribedV1,
  citizenUnsubscribedV1,
  conversationOpenedV1,
  deliveryReceiptV1,
} from './events/inbound.events';
import {
  broadcastBatchSentV1,
  broadcastBatchUncertainV1,
  broadcastToCitizensV1,
  messageSendFailedV1,
  messageSendUncertainV1,
  messageSentV1,
  sendMessageToCitizenV1,
} from './events/outbound.events';
import {
  botRepliedV1,
  citizenForgetRequestedV1,
  citizenOptedOutV1,
  conversationLanguageChosenV1,
  conversationResumedV1,
  handoffRequestedV1,
  notUnderstoodDismissedV1,
  staffViberLinkRequestedV1,
} from './events/dialog.events';
import {
  reportDraftDiscardedV1,
  reportDraftUpdatedV1,
  reportFiledV1,
  reportPublicationChangedV1,
  reportReassignedV1,
  reportStatusChangedV1,
  reportStatusRequestedV1,
  reportSubmittedV1,
} from './events/report.events';
import {
  handoffMessageFromCitizenV1,
  handoffMessageFromOperatorV1,
  handoffNoteAddedV1,
  handoffSessionAssignedV1,
  handoffSessionEndedV1,
  handoffSessionQueuedV1,
  handoffSessionRatedV1,
  handoffSessionTransferredV1,
} from './events/handoff.events';
import {
  campaignApprovedV1,
  campaignAudienceChosenV1,
  campaignBatchPlannedV1,
  campaignCancelledV1,
  campaignCompletedV1,
  campaignCreatedV1,
  campaignEditedV1,
  campaignPausedV1,
  campaignResumedV1,
  campaignScheduledV1,
  campaignStartedV1,
  campaignSubmittedV1,
  campaignTestSentV1,
  noticeCategoriesChosenV1,
} from './events/broadcast.events';
import { staffAccountChangedV1, staffSessionRevokedV1 } from './events/staff.events';

/**
 * One entry per event type: the subject it travels on (below the installation's namespace), and its
 * schema per version. A reader always gets the latest version: `upcast` lifts an older payload, so
 * events recorded before a schema grew stay readable.
 */
interface ContractDefinition {
  subject: string;
  versions: Record<number, z.ZodTypeAny>;
  latest: number;
  upcast?: (version: number, data: unknown) => unknown;
}

/** Keeps the schema's own type, so that EventData (and EventOf) are the payload's type, not `any`. */
function contract<S extends z.ZodTypeAny>(
  subject: string,
  v1: S,
): ContractDefinition & { versions: { 1: S }; latest: 1 } {
  return { subject, versions: { 1: v1 }, latest: 1 };
}

export const contracts = {
  CampaignCreated: contract('broadcast.campaign-created', campaignCreatedV1),
  CampaignAudienceChosen: contract('broadcast.campaign-audience-chosen', campaignAudienceChosenV1),
  CampaignEdited: contract('broadcast.campaign-edited', campaignEditedV1),
  CampaignTestSent: contract('broadcast.campaign-test-sent', campaignTestSentV1),
  CampaignSubmitted: contract('broadcast.campaign-submitted', campaignSubmittedV1),
  CampaignApproved: contract('broadcast.campaign-approved', campaignApprovedV1),
  CampaignScheduled: contract('broadcast.campaign-scheduled', campaignScheduledV1),
  CampaignStarted: contract('broadcast.campaign-started', campaignStartedV1),
  CampaignPaused: contract('broadcast.campaign-paused', campaignPausedV1),
  CampaignResumed: contract('broadcast.campaign-resumed', campaignResumedV1),
  CampaignCancelled: contract('broadcast.campaign-cancelled', campaignCancelledV1),
  CampaignCompleted: contract('broadcast.campaign-completed', campaignCompletedV1),
  CampaignBatchPlanned: contract('broadcast.campaign-batch-planned', campaignBatchPlannedV1),
  NoticeCategoriesChosen: contract('dialog.notice-categories-chosen', noticeCategoriesChosenV1),
  CitizenMessageReceived: contract('citizen.message-received', citizenMessageReceivedV1),
  CitizenSubscribed: contract('citizen.subscribed', citizenSubscribedV1),
  CitizenUnsubscribed: contract('citizen.unsubscribed', citizenUnsubscribedV1),
  ConversationOpened: contract('citizen.conversation-opened', conversationOpenedV1),
  MessageDelivered: contract('delivery.delivered', deliveryReceiptV1),
  MessageSeen: contract('delivery.seen', deliveryReceiptV1),
  MessageDeliveryFailed: contract('delivery.failed', deliveryReceiptV1),
  SendMessageToCitizen: contract('outbound.send-message', sendMessageToCitizenV1),
  BroadcastToCitizens: contract('outbound.broadcast', broadcastToCitizensV1),
  MessageSent: contract('gateway.message-sent', messageSentV1),
  MessageSendFailed: contract('gateway.message-send-failed', messageSendFailedV1),
  BroadcastBatchSent: contract('gateway.broadcast-batch-sent', broadcastBatchSentV1),
  MessageSendUncertain: contract('gateway.message-send-uncertain', messageSendUncertainV1),
  BroadcastBatchUncertain: contract('gateway.broadcast-batch-uncertain', broadcastBatchUncertainV1),
  BotReplied: contract('dialog.bot-replied', botRepliedV1),
  HandoffRequested: contract('dialog.handoff-requested', handoffRequestedV1),
  ConversationResumed: contract('dialog.conversation-resumed', conversationResumedV1),
  ConversationLanguageChosen: contract('dialog.language-chosen', conversationLanguageChosenV1),
  CitizenOptedOut: contract('dialog.citizen-opted-out', citizenOptedOutV1),
  CitizenForgetRequested: contract('dialog.citizen-forget-requested', citizenForgetRequestedV1),
  StaffViberLinkRequested: contract('dialog.staff-viber-link-requested', staffViberLinkRequestedV1),
  NotUnderstoodDismissed: contract('dialog.not-understood-dismissed', notUnderstoodDismissedV1),
  HandoffSessionEnded: contract('handoff.session-ended', handoffSessionEndedV1),
  ReportDraftUpdated: contract('dialog.report-draft.updated', reportDraftUpdatedV1),
  ReportDraftDiscarded: contract('dialog.report-draft.discarded', reportDraftDiscardedV1),
  ReportSubmitted: contract('dialog.report.submitted', reportSubmittedV1),
  ReportStatusRequested: contract('dialog.report.status-requested', reportStatusRequestedV1),
  ReportFiled: contract('report.filed', reportFiledV1),
  ReportStatusChanged: contract('report.status-changed', reportStatusChangedV1),
  ReportReassigned: contract('report.reassigned', reportReassignedV1),
  ReportPublicationChanged: contract('report.publication-changed', reportPublicationChangedV1),
  HandoffSessionQueued: contract('handoff.session-queued', handoffSessionQueuedV1),
  HandoffSessionAssigned: contract('handoff.session-assigned', handoffSessionAssignedV1),
  HandoffMessageFromCitizen: contract('handoff.message-from-citizen', handoffMessageFromCitizenV1),
  HandoffMessageFromOperator: contract('handoff.message-from-operator', handoffMessageFromOperatorV1),
  HandoffNoteAdded: contract('handoff.note-added', handoffNoteAddedV1),
  HandoffSessionTransferred: contract('handoff.session-transferred', handoffSessionTransferredV1),
  HandoffSessionRated: contract('handoff.session-rated', handoffSessionRatedV1),
  StaffSessionRevoked: contract('staff.session-revoked', staffSessionRevokedV1),
  StaffAccountChanged: contract('staff.account-changed', staffAccountChangedV1),
} satisfies Record<string, ContractDefinition>;

export type EventType = keyof typeof contracts;
export type EventData<T extends EventType> = z.infer<(typeof contracts)[T]['versions'][1]>;
export type EventOf<T extends EventType> = Envelope<EventData<T>> & { type: T };

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(contracts, type);
}

/** The subject below the namespace, e.g. `citizen.message-received`. */
export function subjectOf(type: EventType): string {
  return contracts[type].subject;
}

export function latestVersionOf(type: EventType): number {
  return contracts[type].latest;
}

export class ContractViolation extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(details.length ? `${message}: ${details.join('; ')}` : message);
    this.name = 'ContractViolation';
  }
}

const describe = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);

/**
 * Validates an envelope arriving at a service boundary and returns it at the latest schema version.
 * Throws ContractViolation for an unknown type, an unknown version or a payload that does not fit.
 */
export function parseEnvelope(raw: unknown): Envelope & { type: EventType } {
  const env = envelopeSchema.safeParse(raw);
  if (!env.success) throw new ContractViolation('malformed envelope', describe(env.error));
  const { type, version } = env.data;
  if (!isKnownEventType(type)) throw new ContractViolation(`unknown event type ${type}`);
  const def: ContractDefinition = contracts[type];
  const schema = def.versions[version];
  if (!schema) throw new ContractViolation(`unknown version ${version} of ${type}`);
  const data = schema.safeParse(env.data.data);
  if (!data.success) throw new ContractViolation(`invalid ${type} v${version}`, describe(data.error));
  const lifted = version === def.latest ? data.data : def.upcast!(version, data.data);
  return { ...env.data, type, version: def.latest, data: lifted };
}

/** Validates the data of an event about to be published, so a service never emits what others reject. */
export function validateData<T extends EventType>(type: T, data: unknown): EventData<T> {
  const schema = contracts[type].versions[contracts[type].latest];
  const result = schema.safeParse(data);
  if (!result.success) throw new ContractViolation(`invalid ${type}`, describe(result.error));
  return result.data;
}
