import { contracts, EventType, subjectOf } from '@citizen-desk/contracts';
import {
  NATS_ACCESS,
  NATS_SERVICES,
  natsAuthorizationConfig,
  natsPermissionsOf,
  subjectMatches,
  subjectsNotPublishableBy,
} from './nats-permissions';

/** The first subject token a service owns: its events are published there, by it alone. */
const OWN_PREFIXES: Record<string, string[]> = {
  gateway: ['citizen', 'delivery', 'gateway'],
  dialog: ['dialog'],
  handoff: ['handoff', 'report', 'staff'],
  broadcast: ['broadcast'],
  analytics: [],
};

describe('the NATS permissions table', () => {
  it('has a publisher for every event type in the contracts', () => {
    const published = new Set(NATS_SERVICES.flatMap((s) => NATS_ACCESS[s].publishes));
    expect(Object.keys(contracts).filter((t) => !published.has(t as EventType))).toEqual([]);
  });

  it('lets a service publish events only under its own prefixes, and commands to the gateway', () => {
    for (const service of NATS_SERVICES) {
      for (const type of NATS_ACCESS[service].publishes) {
        const prefix = subjectOf(type).split('.')[0];
        if (prefix === 'outbound') continue;
        expect([service, type, OWN_PREFIXES[service]]).toEqual([
          service,
          type,
          expect.arrayContaining([prefix]),
        ]);
      }
    }
    // Each event of an owner's prefix is published by that owner alone.
    for (const type of Object.keys(contracts) as EventType[]) {
      const prefix = subjectOf(type).split('.')[0];
      if (prefix === 'outbound') continue;
      const publishers = NATS_SERVICES.filter((s) => NATS_ACCESS[s].publishes.includes(type));
      expect([type, publishers]).toEqual([type, [expect.any(String)]]);
    }
  });

  it('lets only broadcast give the broadcast command, and nobody but the gateway consume every command', () => {
    const publishersOf = (t: EventType) => NATS_SERVICES.filter((s) => NATS_ACCESS[s].publishes.includes(t));
    expect(publishersOf('BroadcastToCitizens')).toEqual(['broadcast']);
    expect(publishersOf('SendMessageToCitizen').sort()).toEqual(['broadcast', 'dialog', 'handoff']);
    const onOutbound = NATS_SERVICES.flatMap((s) =>
      NATS_ACCESS[s].consumers
        .filter((c) => c.subjects.startsWith('outbound'))
        .map((c) => `${s}:${c.subjects}`),
    );
    // Handoff reads the bot's replies for the operator's transcript with a durable of its own.
    expect(onOutbound.sort()).toEqual(['gateway:outbound.>', 'handoff:outbound.send-message']);
  });

  it('grants consumer creation only with the filter in the subject, and no ephemeral consumers on the events', () => {
    const dialog = natsPermissionsOf('dialog', 'cd');
    expect(dialog.publish).toContain('$JS.API.CONSUMER.CREATE.CD_EVENTS.cd-dialog.cd.citizen.>');
    expect(dialog.publish).not.toContain('$JS.API.CONSUMER.CREATE.CD_EVENTS');
    expect(dialog.publish.some((s) => s.startsWith('$JS.API.CONSUMER.DURABLE.'))).toBe(false);
    expect(
      dialog.publish.some(
        (s) => s.includes('STREAM.MSG.GET.CD_EVENTS') || s.includes('DIRECT.GET.CD_EVENTS'),
      ),
    ).toBe(false);
    // Its own inbox, and the notice that a citizen's key was shredded (every process drops it).
    expect(dialog.subscribe).toEqual(['_INBOX_dialog.>', 'citizen-desk-privacy.cd.keys-shredded']);
  });

  it("lets a service write only its own consumers' dead letters and parked messages", () => {
    const dialog = natsPermissionsOf('dialog', 'cd');
    expect(dialog.publish).toContain('dead-letters.cd.dead.cd-dialog');
    expect(dialog.publish).toContain('dead-letters.cd.parked.cd-dialog');
    expect(dialog.publish).not.toContain('dead-letters.cd.dead.cd-gateway-sender');
    expect(dialog.publish.some((s) => s.startsWith('dead-letters.') && s.endsWith('>'))).toBe(false);
  });

  it('lets only handoff write the staff keys and revocations, and only dialog the content', () => {
    const writersOf = (prefix: string) =>
      NATS_SERVICES.filter((s) => natsPermissionsOf(s, 'cd').publish.some((p) => p.startsWith(prefix)));
    expect(writersOf('$KV.cd-staff-keys.')).toEqual(['handoff']);
    expect(writersOf('$KV.cd-staff-revocations.')).toEqual(['handoff']);
    expect(writersOf('$KV.cd-content.')).toEqual(['dialog']);
  });

  it('renders one user per service with its password from the environment', () => {
    const config = natsAuthorizationConfig({ namespace: 'cd' });
    for (const service of NATS_SERVICES) {
      expect(config).toContain(`user: ${service}\n`);
      expect(config).toContain(`password: $NATS_PASSWORD_${service.toUpperCase()}\n`);
    }
    expect(config).not.toContain('user: admin');
  });

  it('matches subjects as the server does, and tells a service which replays it may not publish', () => {
    expect(subjectMatches('cd.citizen.>', 'cd.citizen.message-received')).toBe(true);
    expect(subjectMatches('cd.citizen.>', 'cd.citizen')).toBe(false);
    expect(subjectMatches('cd.*.seen', 'cd.delivery.seen')).toBe(true);
    expect(subjectMatches('cd.*.seen', 'cd.delivery.seen.x')).toBe(false);
    expect(subjectMatches('cd.outbound.send-message', 'cd.outbound.send-message')).toBe(true);
    expect(
      subjectsNotPublishableBy('dialog', 'cd', ['cd.citizen.message-received', 'cd.dialog.bot-replied']),
    ).toEqual(['cd.citizen.message-received']);
    expect(subjectsNotPublishableBy('analytics', 'cd', ['cd.handoff.session-ended'])).toEqual([
      'cd.handoff.session-ended',
    ]);
  });
});
