import { CONTENT_KV_BUCKET, EventType, subjectOf } from '@citizen-desk/contracts';
import { deadLetterStreamNameOf } from './dead-letters';
import { streamNameOf } from './stream-config';

/**
 * Who may do what on the broker: the one table from which the NATS server's authorization (docker
 * compose and Kubernetes) is generated and against which the tests run. Each service signs in as its
 * own user; a user may publish only the events its service owns and the commands it gives, consume
 * only through its own durable consumers with their own filters, and write only its own KV buckets.
 * Everything not listed is denied.
 */
export const NATS_SERVICES = ['gateway', 'dialog', 'handoff', 'broadcast', 'analytics'] as const;
export type NatsService = (typeof NATS_SERVICES)[number];

export interface DurableAccess {
  /** Durable name below the namespace (`<ns>-<durable>` on the server), as the service passes it. */
  durable: string;
  /** Filter subject below the namespace, as the service passes it. */
  subjects: string;
}

export interface ServiceNatsAccess {
  /** Event types published on their subjects: the service's own events and the commands it gives. */
  publishes: readonly EventType[];
  /** Durable JetStream consumers on the events stream. */
  consumers: readonly DurableAccess[];
  /** Plain (non-durable) subscriptions below the namespace. */
  subscribes: readonly string[];
  /** KV buckets (below the namespace) the service writes; it reads them too. */
  kvWrites: readonly string[];
  /** KV buckets it only reads and watches. */
  kvReads: readonly string[];
}

/** The staff token buckets (libs/auth): handoff publishes keys and revocations, every service reads them. */
export const STAFF_KEYS_BUCKET_NAME = 'staff-keys';
export const STAFF_REVOCATIONS_BUCKET_NAME = 'staff-revocations';
const STAFF_BUCKETS = [STAFF_KEYS_BUCKET_NAME, STAFF_REVOCATIONS_BUCKET_NAME];

export const NATS_ACCESS: Record<NatsService, ServiceNatsAccess> = {
  gateway: {
    publishes: [
      'CitizenMessageReceived',
      'CitizenSubscribed',
      'CitizenUnsubscribed',
      'ConversationOpened',
      'MessageDelivered',
      'MessageSeen',
      'MessageDeliveryFailed',
      'MessageSent',
      'MessageSendFailed',
      'MessageSendUncertain',
      'BroadcastBatchSent',
      'BroadcastBatchUncertain',
    ],
    // The one sender: nobody else consumes the send and broadcast commands to act on them.
    consumers: [{ durable: 'gateway-sender', subjects: 'outbound.>' }],
    subscribes: [],
    kvWrites: [],
    kvReads: [CONTENT_KV_BUCKET, ...STAFF_BUCKETS],
  },
  dialog: {
    publishes: [
      'BotReplied',
      'HandoffRequested',
      'ConversationResumed',
      'ConversationLanguageChosen',
      'CitizenOptedOut',
      'CitizenForgetRequested',
      'StaffViberLinkRequested',
      'NoticeCategoriesChosen',
      'ReportDraftUpdated',
      'ReportDraftDiscarded',
      'ReportSubmitted',
      'ReportStatusRequested',
      'NotUnderstoodDismissed',
      'SendMessageToCitizen',
    ],
    consumers: [
      { durable: 'dialog', subjects: 'citizen.>' },
      { durable: 'dialog-handoff', subjects: 'handoff.session-ended' },
    ],
    subscribes: [],
    kvWrites: [CONTENT_KV_BUCKET],
    kvReads: STAFF_BUCKETS,
  },
  handoff: {
    publishes: [
      'HandoffSessionQueued',
      'HandoffSessionAssigned',
      'HandoffMessageFromCitizen',
      'HandoffMessageFromOperator',
      'HandoffNoteAdded',
      'HandoffSessionTransferred',
      'HandoffSessionRated',
      'HandoffSessionEnded',
      'ReportFiled',
      'ReportStatusChanged',
      'ReportReassigned',
      'ReportPublicationChanged',
      'StaffSessionRevoked',
      'StaffAccountChanged',
      'SendMessageToCitizen',
    ],
    consumers: [
      { durable: 'handoff-requests', subjects: 'dialog.handoff-requested' },
      { durable: 'handoff-citizen-messages', subjects: 'citizen.message-received' },
      // Reads the bot's replies into the operator's transcript (its own durable: the gateway's is untouched).
      { durable: 'handoff-bot-replies', subjects: 'outbound.send-message' },
      { durable: 'handoff-forget', subjects: 'dialog.citizen-forget-requested' },
      { durable: 'handoff-reports', subjects: 'dialog.report.>' },
      { durable: 'handoff-reports-forget', subjects: 'dialog.citizen-forget-requested' },
    ],
    // The operators' live feed: every replica hears every handoff event.
    subscribes: ['handoff.>'],
    kvWrites: STAFF_BUCKETS,
    kvReads: [],
  },
  broadcast: {
    publishes: [
      'CampaignCreated',
      'CampaignEdited',
      'CampaignAudienceChosen',
      'CampaignTestSent',
      'CampaignSubmitted',
      'CampaignApproved',
      'CampaignScheduled',
      'CampaignStarted',
      'CampaignPaused',
      'CampaignResumed',
      'CampaignCancelled',
      'CampaignCompleted',
      'CampaignBatchPlanned',
      'SendMessageToCitizen',
      'BroadcastToCitizens',
    ],
    consumers: [
      { durable: 'broadcast-batch-reports', subjects: 'gateway.broadcast-batch-sent' },
      { durable: 'broadcast-uncertain-batches', subjects: 'gateway.broadcast-batch-uncertain' },
      { durable: 'broadcast-receipts', subjects: 'delivery.>' },
      { durable: 'broadcast-subscribers-citizen', subjects: 'citizen.>' },
      { durable: 'broadcast-subscribers-dialog', subjects: 'dialog.>' },
      { durable: 'broadcast-staff-viber-links', subjects: 'dialog.staff-viber-link-requested' },
      // A deactivated staff member's Viber link goes at once.
      { durable: 'broadcast-staff-access', subjects: 'staff.account-changed' },
    ],
    subscribes: [],
    kvWrites: [],
    kvReads: STAFF_BUCKETS,
  },
  analytics: {
    publishes: [],
    // Read-only projections over every subject, in one order (NATS 2.9 takes one filter per consumer).
    consumers: [{ durable: 'analytics-projections', subjects: '>' }],
    subscribes: [],
    kvWrites: [],
    kvReads: STAFF_BUCKETS,
  },
};

/**
 * Core NATS (outside the events stream): a process that deleted citizens' keys names them here, so
 * every other process drops them from its cache at once.
 */
export function keysShreddedSubjectOf(namespace: string): string {
  return `citizen-desk-privacy.${namespace}.keys-shredded`;
}

/** The reply subjects of a user's requests: its own, so that no other user can read its answers. */
export function inboxPrefixOf(user: string): string {
  return `_INBOX_${user.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export interface NatsPermissions {
  publish: string[];
  subscribe: string[];
}

/** The subjects one service may publish and subscribe to, in installation `namespace`. */
export function natsPermissionsOf(service: NatsService, namespace: string): NatsPermissions {
  const access = NATS_ACCESS[service];
  const stream = streamNameOf(namespace);
  const publish = new Set<string>([
    '$JS.API.INFO',
    // Every service makes sure the stream exists at start (replicas race; the settings are the same).
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.CREATE.${stream}`,
    `$JS.API.STREAM.UPDATE.${stream}`,
  ]);
  for (const type of access.publishes) publish.add(`${namespace}.${subjectOf(type)}`);
  for (const c of access.consumers) {
    const durable = `${namespace}-${c.durable}`;
    // The create subject carries the filter (NATS 2.9+), and the server checks it against the
    // request: a user can create only its own consumers with their own filters, nothing else.
    publish.add(`$JS.API.CONSUMER.CREATE.${stream}.${durable}.${namespace}.${c.subjects}`);
    publish.add(`$JS.API.CONSUMER.INFO.${stream}.${durable}`);
    publish.add(`$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`);
    publish.add(`$JS.ACK.${stream}.${durable}.>`);
  }
  const kvStream = (bucket: string) => `KV_${namespace}-${bucket}`;
  for (const bucket of [...access.kvWrites, ...access.kvReads]) {
    const s = kvStream(bucket);
    // Opening a bucket creates it when missing; a watch is an ordered consumer with flow control.
    publish.add(`$JS.API.STREAM.INFO.${s}`);
    publish.add(`$JS.API.STREAM.CREATE.${s}`);
    publish.add(`$JS.API.CONSUMER.CREATE.${s}`);
    publish.add(`$JS.API.CONSUMER.CREATE.${s}.>`);
    publish.add(`$JS.API.CONSUMER.DELETE.${s}.*`);
    publish.add(`$JS.API.CONSUMER.INFO.${s}.*`);
    publish.add(`$JS.API.DIRECT.GET.${s}.>`);
    publish.add(`$JS.API.STREAM.MSG.GET.${s}`);
    publish.add(`$JS.FC.${s}.>`);
  }
  for (const bucket of access.kvWrites) publish.add(`$KV.${namespace}-${bucket}.>`);
  // Dead letters and parked messages: the installation's stream (made by whichever service starts
  // first), and in it only the subjects of this service's own consumers, to write, list and drop.
  // Replaying one re-publishes it on its original subject, which is another service's: that is the
  // operators' tool's (npm run dead-letters, with an unrestricted user), not a service's.
  const deadLetters = deadLetterStreamNameOf(namespace);
  publish.add(`$JS.API.STREAM.INFO.${deadLetters}`);
  publish.add(`$JS.API.STREAM.CREATE.${deadLetters}`);
  publish.add(`$JS.API.STREAM.UPDATE.${deadLetters}`);
  publish.add(`$JS.API.DIRECT.GET.${deadLetters}`);
  publish.add(`$JS.API.DIRECT.GET.${deadLetters}.>`);
  publish.add(`$JS.API.STREAM.MSG.DELETE.${deadLetters}`);
  for (const c of access.consumers)
    for (const kind of ['dead', 'parked'])
      publish.add(`dead-letters.${namespace}.${kind}.${namespace}-${c.durable}`);
  // Forgetting a citizen: whoever deletes a key tells every process to drop it from its cache.
  const keysShredded = keysShreddedSubjectOf(namespace);
  publish.add(keysShredded);
  const subscribe = new Set<string>([`${inboxPrefixOf(service)}.>`, keysShredded]);
  for (const s of access.subscribes) subscribe.add(`${namespace}.${s}`);
  return { publish: [...publish], subscribe: [...subscribe] };
}

/** Whether a NATS subject pattern (`*` one token, `>` one or more at the end) covers the subject. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const t = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return t.length > i;
    if (i >= t.length || (p[i] !== '*' && p[i] !== t[i])) return false;
  }
  return p.length === t.length;
}

/**
 * The subjects among these that `service`'s own NATS user may not publish on: a dead letter's
 * replay goes to its original subject, which is mostly another service's event, and letting a
 * service publish what it consumes would let it forge those events.
 */
export function subjectsNotPublishableBy(
  service: NatsService,
  namespace: string,
  subjects: readonly string[],
): string[] {
  const { publish } = natsPermissionsOf(service, namespace);
  return [...new Set(subjects)].filter((s) => !publish.some((p) => subjectMatches(p, s)));
}

/** The environment variable holding a service's NATS password on the NATS server (compose, Kubernetes). */
export function natsPasswordVariableOf(service: NatsService): string {
  return `NATS_PASSWORD_${service.toUpperCase()}`;
}

export interface AuthorizationOptions {
  namespace: string;
  /** An extra user without limits (tests, operators' tooling); its password variable. */
  admin?: { user: string; passwordVariable: string };
}

/**
 * The `authorization { … }` block of nats-server's configuration: one user per service with its
 * permissions, each password read from the server's environment (`$NATS_PASSWORD_<SERVICE>`).
 */
export function natsAuthorizationConfig(opts: AuthorizationOptions): string {
  const q = (s: string) => JSON.stringify(s);
  const list = (items: string[], indent: string) =>
    `[\n${items.map((i) => `${indent}  ${q(i)}`).join('\n')}\n${indent}]`;
  const users = NATS_SERVICES.map((service) => {
    const p = natsPermissionsOf(service, opts.namespace);
    return [
      `    {`,
      `      user: ${service}`,
      `      password: $${natsPasswordVariableOf(service)}`,
      `      permissions: {`,
      `        publish: { allow: ${list(p.publish, '        ')} }`,
      `        subscribe: { allow: ${list(p.subscribe, '        ')} }`,
      `      }`,
      `    }`,
    ].join('\n');
  });
  if (opts.admin) users.push(`    { user: ${opts.admin.user}, password: $${opts.admin.passwordVariable} }`);
  return [
    `# Generated from libs/messaging/src/nats-permissions.ts (NATS_ACCESS): one user per service.`,
    `authorization {`,
    `  users: [`,
    users.join('\n'),
    `  ]`,
    `}`,
  ].join('\n');
}
