import { StaffClaims } from '@citizen-desk/auth';
import { handoffEnvSchema, loadConfig } from '@citizen-desk/config';
import {
  CitizenMessageReceived,
  Envelope,
  HandoffRequested,
  makeEnvelope,
  SendMessageToCitizen,
} from '@citizen-desk/contracts';
import {
  cleanupNamespace,
  eventually,
  serviceTestEnv,
  testNamespace,
  waitUntilIdle,
} from '@citizen-desk/testing';
import { Subscription } from 'nats';
import { randomUUID } from 'node:crypto';
import { Handoff, startHandoff } from '../../../handoff.app';
import { sessionStreamId } from '../../session.events';
import { cnrLatn } from '../../texts/cnr-Latn';

/**
 * The sweeper against the real database and broker, run by two replicas of the service at once:
 * every overdue session ends exactly once, with one polite message, and keeps its transcript.
 */
const ns = testNamespace();
const DEPT = 'local-self-government';
const ALWAYS_OPEN = JSON.stringify({
  default: {
    timeZone: 'Europe/Podgorica',
    weekly: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]),
    ),
  },
});
const env = serviceTestEnv(ns, {
  HANDOFF_OFFICE_HOURS: ALWAYS_OPEN,
  HANDOFF_MAX_WAIT_MINUTES: '30',
  HANDOFF_IDLE_MINUTES: '20',
  // The timers stay out of the way: the test sweeps by hand, as if later.
  HANDOFF_SWEEP_INTERVAL_MS: '3600000',
});
const ana: StaffClaims = {
  sub: 'op-ana',
  email: 'ana@budva.local',
  name: 'Ana',
  roles: ['operator'],
  departments: [DEPT],
};

let a: Handoff;
let b: Handoff;
let notices: Subscription;
const noticesTo = new Map<string, Map<string, string>>();

beforeAll(async () => {
  a = await startHandoff(loadConfig(handoffEnvSchema, env));
  b = await startHandoff(loadConfig(handoffEnvSchema, env));
  notices = a.runtime.messaging.nc.subscribe(`${ns}.outbound.send-message`, {
    callback: (_err, msg) => {
      const sealed = JSON.parse(new TextDecoder().decode(msg.data)) as Envelope<SendMessageToCitizen>;
      // The text travels sealed with the citizen's key: opened as the gateway opens it.
      void a.runtime.cipher.open([sealed]).then(([e]) => {
        const byId = noticesTo.get(e.data.citizenId) ?? new Map<string, string>();
        // Keyed by message id: a relay re-publishing the same row is not a second message.
        byId.set(
          e.data.messageId,
          e.data.message.kind === 'text' ? e.data.message.text : e.data.message.kind,
        );
        noticesTo.set(e.data.citizenId, byId);
      });
    },
  });
});
afterAll(async () => {
  notices?.unsubscribe();
  await Promise.allSettled([a?.stop(), b?.stop()]);
  await cleanupNamespace(ns);
});

let n = 0;
async function queuedSession(): Promise<{ sessionId: string; citizenId: string }> {
  const citizenId = `viber:sweep-${++n}==`;
  const request: HandoffRequested = {
    citizenId,
    department: DEPT,
    topic: 'other',
    language: 'cnr-Latn',
    requestedAt: new Date().toISOString(),
  };
  const envelope = makeEnvelope<HandoffRequested>({
    type: 'HandoffRequested',
    version: 1,
    streamId: `conversation-${citizenId}`,
    data: request,
  });
  await a.sessions.queueSession.execute({ request, causedBy: envelope });
  const row = await eventually(
    async () =>
      (
        await a.runtime.dataSource.query(`SELECT id FROM handoff_sessions WHERE citizen_id = $1`, [citizenId])
      )[0],
  );
  return { sessionId: row.id, citizenId };
}
async function citizenWrites(citizenId: string, text: string): Promise<void> {
  const data: CitizenMessageReceived = {
    citizen: { id: citizenId },
    channelMessageId: randomUUID(),
    message: { kind: 'text', text },
    sentAt: new Date().toISOString(),
  };
  const envelope = makeEnvelope<CitizenMessageReceived>({
    type: 'CitizenMessageReceived',
    version: 1,
    streamId: `citizen-${citizenId}`,
    data,
  });
  await b.sessions.routeCitizenMessage.execute({ received: data, causedBy: envelope });
}
async function eventsOf(sessionId: string) {
  return (await a.runtime.eventStore.readStream(sessionStreamId(sessionId))).events;
}

it('ends each overdue session exactly once when two replicas sweep at once, telling the citizen and keeping the transcript', async () => {
  const waiting = await Promise.all([queuedSession(), queuedSession(), queuedSession()]);
  const quiet = await Promise.all([queuedSession(), queuedSession()]);
  for (const { sessionId } of quiet) await a.sessions.claimSession.execute({ staff: ana, sessionId });
  await citizenWrites(waiting[0].citizenId, 'Da li je iko tu?');
  await citizenWrites(quiet[0].citizenId, 'Hvala, čekam odgovor');

  // Not yet: 19 minutes in, under both the wait (30) and the idle (20) limit.
  expect(await a.sessions.sweepTimeouts.execute({ now: new Date(Date.now() + 19 * 60_000) })).toMatchObject({
    ended: 0,
  });

  const later = new Date(Date.now() + 31 * 60_000);
  const results = await Promise.all([
    a.sessions.sweepTimeouts.execute({ now: later }),
    b.sessions.sweepTimeouts.execute({ now: later }),
    a.sessions.sweepTimeouts.execute({ now: later }),
    b.sessions.sweepTimeouts.execute({ now: later }),
  ]);
  expect(results.reduce((sum, r) => sum + r.ended, 0)).toBe(5);

  for (const { sessionId } of [...waiting, ...quiet]) {
    const ended = (await eventsOf(sessionId)).filter((e) => e.type === 'HandoffSessionEnded');
    expect(ended).toHaveLength(1);
    expect(ended[0].data).toMatchObject({ sessionId, endedBy: 'timeout', endedAt: later.toISOString() });
  }
  const rows = await a.runtime.dataSource.query(
    `SELECT status, ended_by AS "endedBy" FROM handoff_sessions WHERE citizen_id LIKE 'viber:sweep-%'`,
  );
  expect(rows).toEqual(Array(5).fill({ status: 'closed', endedBy: 'timeout' }));

  // Nothing the citizen wrote is lost: it stays in the session's transcript after the end.
  const transcript = await a.sessions.getSessionDetail.execute({
    staff: ana,
    sessionId: waiting[0].sessionId,
  });
  expect(transcript.transcript.map((e) => e.type)).toEqual([
    'HandoffSessionQueued',
    'HandoffMessageFromCitizen',
    'HandoffSessionEnded',
  ]);
  expect(transcript.transcript[1].data).toMatchObject({ message: { text: 'Da li je iko tu?' } });
  expect(
    (await a.sessions.getSessionDetail.execute({ staff: ana, sessionId: quiet[0].sessionId })).transcript.map(
      (e) => e.type,
    ),
  ).toContain('HandoffMessageFromCitizen');

  // One polite message each: "waited too long" to those nobody took, "idle" (and a rating) to the quiet ones.
  await eventually(() =>
    [...waiting, ...quiet].every(({ citizenId }) =>
      [...(noticesTo.get(citizenId)?.values() ?? [])].some(
        (t) => t.startsWith(cnrLatn.waitedTooLong) || t.startsWith(cnrLatn.idle),
      ),
    ),
  );
  // Both outboxes relayed and every consumer caught up; the flush brings in whatever the server had
  // already sent this subscription. Any second notice would be counted by now.
  await waitUntilIdle(ns);
  await a.runtime.messaging.nc.flush();
  for (const { citizenId } of waiting)
    expect([...noticesTo.get(citizenId)!.values()].filter((t) => t === cnrLatn.waitedTooLong)).toHaveLength(
      1,
    );
  for (const { citizenId } of quiet)
    expect(
      [...noticesTo.get(citizenId)!.values()].filter((t) => t === `${cnrLatn.idle}\n\n${cnrLatn.askRating}`),
    ).toHaveLength(1);

  // A second pass finds nothing left to end.
  expect(await b.sessions.sweepTimeouts.execute({ now: new Date(later.getTime() + 60_000) })).toMatchObject({
    ended: 0,
  });
});
