import { Envelope, makeEnvelope } from '@citizen-desk/contracts';

/**
 * A small day in Budva, chosen so that every figure has an exact expected value, including across the
 * spring clock change (29 March 2026, 02:00 → 03:00 local) and a local midnight.
 */
let n = 0;
function ev(type: string, at: string, data: unknown): Envelope {
  n += 1;
  return makeEnvelope({
    type,
    version: 1,
    streamId: `test-${n}`,
    occurredAt: at,
    data,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  });
}
const bot = (
  citizenId: string,
  at: string,
  topic: string | null,
  outcome: string,
  text?: string,
  language = 'cnr-Latn',
) => ev('BotReplied', at, { citizenId, inReplyTo: 'x', topic, outcome, language, text, messageIds: [] });
const msg = (id: string, at: string, text: string) =>
  ev('CitizenMessageReceived', at, {
    citizen: { id, name: `Name of ${id}` },
    channelMessageId: `tok-${n}`,
    message: { kind: 'text', text },
    sentAt: at,
  });

const staff = { staffId: 'staff-9', name: 'Marko' };
const filed = (
  reportId: string,
  at: string,
  category: string,
  department: string,
  channel: 'viber' | 'open311' | 'staff',
  citizenId?: string,
) =>
  ev('ReportFiled', at, {
    reportId,
    reference: `BD-2026-${reportId.slice(1).padStart(6, '0')}`,
    category,
    department,
    channel,
    citizenId,
    language: 'cnr-Latn',
    description: `Opis prijave ${reportId}`,
    address: 'Mediteranska 1',
    location: { lat: 42.28, lon: 18.84 },
    submissionId: `sub-${reportId}`,
    filedAt: at,
  });
const statusChanged = (
  reportId: string,
  at: string,
  category: string,
  department: string,
  from: string,
  status: string,
) =>
  ev('ReportStatusChanged', at, {
    reportId,
    reference: `BD-2026-${reportId.slice(1).padStart(6, '0')}`,
    category,
    department,
    from,
    status,
    note: `Napomena za ${reportId}`,
    changedBy: staff,
    at,
  });

/**
 * Reports: r1 street lighting (28th) goes in progress, then resolved on the 30th; r2 an illegal dump
 * (29th) is a duplicate; r3 (29th, through Open311) is moved from gatherings / local self-government to
 * public order / communal police and stays received; r4 street lighting (30th) stays received.
 */
export function knownReports(): Envelope[] {
  n = 100; // the same event ids whether called alone or within knownHistory()
  return [
    filed('r1', '2026-03-28T20:00:00Z', 'street-lighting', 'communal-services', 'viber', 'viber:b'),
    filed('r2', '2026-03-29T09:00:00Z', 'illegal-dump', 'communal-services', 'viber', 'viber:c'),
    filed('r3', '2026-03-29T09:30:00Z', 'gatherings', 'local-self-government', 'open311'),
    statusChanged(
      'r1',
      '2026-03-29T10:00:00Z',
      'street-lighting',
      'communal-services',
      'received',
      'in-progress',
    ),
    ev('ReportReassigned', '2026-03-29T11:00:00Z', {
      reportId: 'r3',
      reference: 'BD-2026-000003',
      fromCategory: 'gatherings',
      category: 'public-order',
      fromDepartment: 'local-self-government',
      department: 'communal-police',
      reason: 'Komunalna policija',
      changedBy: staff,
      at: '2026-03-29T11:00:00Z',
    }),
    statusChanged('r2', '2026-03-29T12:00:00Z', 'illegal-dump', 'communal-services', 'received', 'duplicate'),
    filed('r4', '2026-03-30T08:00:00Z', 'street-lighting', 'communal-services', 'staff'),
    statusChanged(
      'r1',
      '2026-03-30T09:00:00Z',
      'street-lighting',
      'communal-services',
      'in-progress',
      'resolved',
    ),
  ];
}

export function knownHistory(): Envelope[] {
  n = 0;
  return [
    // 28 March, 23:30 local (22:30Z): the day before the clock change.
    msg('viber:a', '2026-03-28T22:30:00Z', 'porez'),
    bot('viber:a', '2026-03-28T22:30:01Z', 'property-tax', 'answered'),
    // 29 March, 00:10 local (23:10Z on the 28th): already the 29th locally.
    ev('CitizenSubscribed', '2026-03-28T23:10:00Z', {
      citizen: { id: 'viber:b' },
      at: '2026-03-28T23:10:00Z',
    }),
    msg('viber:b', '2026-03-28T23:10:05Z', 'Gdje je OPŠTINA?'),
    bot('viber:b', '2026-03-28T23:10:06Z', null, 'not-understood', 'Gdje je OPŠTINA?'),
    // 29 March, 03:30 local (01:30Z), after the clocks jumped.
    msg('viber:c', '2026-03-29T01:30:00Z', 'гдје је општина'),
    bot('viber:c', '2026-03-29T01:30:01Z', null, 'not-understood', 'гдје је општина', 'cnr-Cyrl'),
    bot('viber:c', '2026-03-29T01:31:00Z', 'parking', 'answered', undefined, 'cnr-Cyrl'),
    bot('viber:c', '2026-03-29T01:32:00Z', null, 'menu', undefined, 'cnr-Cyrl'),
    bot('viber:a', '2026-03-29T08:00:00Z', 'parking', 'handoff'),
    ev('HandoffSessionQueued', '2026-03-29T08:00:01Z', {
      sessionId: 's1',
      citizenId: 'viber:a',
      department: 'local-self-government',
      topic: 'parking',
      language: 'cnr-Latn',
      requestedAt: '2026-03-29T08:00:00Z',
      queuedAt: '2026-03-29T08:00:00Z',
      outsideOfficeHours: false,
    }),
    ev('HandoffSessionAssigned', '2026-03-29T08:02:00Z', {
      sessionId: 's1',
      citizenId: 'viber:a',
      department: 'local-self-government',
      operatorId: 'op-1',
      operatorName: 'Ana',
      assignedBy: 'claim',
      queuedAt: '2026-03-29T08:00:00Z',
      assignedAt: '2026-03-29T08:02:00Z',
    }),
    ev('HandoffMessageFromOperator', '2026-03-29T08:03:00Z', {
      sessionId: 's1',
      citizenId: 'viber:a',
      department: 'local-self-government',
      operatorId: 'op-1',
      operatorName: 'Ana',
      messageId: '10000000-0000-4000-8000-000000000001',
      text: 'Dobar dan',
      sentAt: '2026-03-29T08:03:00Z',
    }),
    ev('HandoffMessageFromOperator', '2026-03-29T08:05:00Z', {
      sessionId: 's1',
      citizenId: 'viber:a',
      department: 'local-self-government',
      operatorId: 'op-1',
      operatorName: 'Ana',
      messageId: '10000000-0000-4000-8000-000000000002',
      text: 'Evo',
      sentAt: '2026-03-29T08:05:00Z',
    }),
    ev('HandoffSessionEnded', '2026-03-29T08:12:00Z', {
      sessionId: 's1',
      citizenId: 'viber:a',
      department: 'local-self-government',
      endedBy: 'operator',
      endedAt: '2026-03-29T08:12:00Z',
      operatorId: 'op-1',
    }),
    ev('HandoffSessionRated', '2026-03-29T08:13:00Z', {
      sessionId: 's1',
      citizenId: 'viber:a',
      department: 'local-self-government',
      operatorId: 'op-1',
      rating: 4,
      ratedAt: '2026-03-29T08:13:00Z',
    }),
    // A campaign to a, b, c: one fails, two are delivered, one seen, b unsubscribes an hour later.
    ev('CampaignCreated', '2026-03-29T09:00:00Z', {
      campaignId: 'c1',
      department: 'communal-services',
      at: '2026-03-29T09:00:00Z',
      by: 'staff-1',
      title: 'Water cut',
      content: { texts: { 'cnr-Latn': 'Nema vode' } },
      audience: { categories: [], languages: [] },
    }),
    ev('CampaignStarted', '2026-03-29T10:00:00Z', {
      campaignId: 'c1',
      department: 'communal-services',
      at: '2026-03-29T10:00:00Z',
      targeted: 3,
    }),
    ev('BroadcastBatchSent', '2026-03-29T10:00:05Z', {
      batchId: 'b1',
      campaignId: 'c1',
      origin: 'broadcast',
      channelMessageId: 'bcast-1',
      sent: ['viber:a', 'viber:b'],
      failed: [{ citizenId: 'viber:c', reason: 'not subscribed', code: 6 }],
      attempts: 1,
    }),
    ev('MessageDelivered', '2026-03-29T10:00:10Z', {
      citizenId: 'viber:a',
      channelMessageId: 'bcast-1',
      at: '2026-03-29T10:00:10Z',
    }),
    ev('MessageDelivered', '2026-03-29T10:00:11Z', {
      citizenId: 'viber:b',
      channelMessageId: 'bcast-1',
      at: '2026-03-29T10:00:11Z',
    }),
    ev('MessageSeen', '2026-03-29T10:05:00Z', {
      citizenId: 'viber:a',
      channelMessageId: 'bcast-1',
      at: '2026-03-29T10:05:00Z',
    }),
    ev('MessageDelivered', '2026-03-29T10:06:00Z', {
      citizenId: 'viber:a',
      channelMessageId: 'reply-token-9',
      at: '2026-03-29T10:06:00Z',
    }),
    ev('CitizenUnsubscribed', '2026-03-29T11:00:00Z', { citizenId: 'viber:b', at: '2026-03-29T11:00:00Z' }),
    // 30 March: a asks something the bot does not understand, then asks to be forgotten.
    msg('viber:a', '2026-03-30T07:00:00Z', 'gdje je opstina'),
    bot('viber:a', '2026-03-30T07:00:01Z', null, 'not-understood', 'gdje je opstina'),
    bot('viber:a', '2026-03-30T07:01:00Z', null, 'not-understood', 'Kad je sajam?'),
    ev('CitizenForgetRequested', '2026-03-30T07:30:00Z', {
      citizenId: 'viber:a',
      at: '2026-03-30T07:30:00Z',
    }),
    ev('SendMessageToCitizen', '2026-03-30T07:30:01Z', {
      messageId: '10000000-0000-4000-8000-000000000003',
      citizenId: 'viber:a',
      message: { kind: 'text', text: 'ok' },
      purpose: 'reply',
      origin: 'dialog',
    }),
    ...knownReports(),
  ];
}
