import { DeadLettersRejected, durableOf, replayRefusal, selectionOf } from './dead-letters.admin';

describe('selectionOf', () => {
  it('reads kind, seq and limit; both kinds when none is given', () => {
    expect(selectionOf({})).toEqual({});
    expect(selectionOf({ kind: 'parked', seq: '42' })).toEqual({ kind: 'parked', seq: 42 });
    expect(selectionOf({}, 100)).toEqual({ limit: 100 });
    expect(selectionOf({ limit: '5000' }, 100)).toEqual({ limit: 1000 });
  });

  it.each([[{ kind: 'lost' }], [{ seq: '0' }], [{ seq: '1.5' }], [{ limit: '-1' }], [{ seq: ['1', '2'] }]])(
    'refuses %j as invalid',
    (query) => {
      expect(() => selectionOf(query)).toThrow(DeadLettersRejected);
      try {
        selectionOf(query);
      } catch (e) {
        expect((e as DeadLettersRejected).kind).toBe('invalid');
      }
    },
  );
});

describe('durableOf', () => {
  const durables = ['cd-dialog', 'cd-dialog-handoff'];

  it('takes the name as the service gives it or as the server does', () => {
    expect(durableOf('dialog', 'cd', durables)).toBe('cd-dialog');
    expect(durableOf('cd-dialog-handoff', 'cd', durables)).toBe('cd-dialog-handoff');
  });

  it("refuses another service's consumer as not found", () => {
    expect(() => durableOf('gateway-sender', 'cd', durables)).toThrow(/no consumer gateway-sender/);
  });
});

describe('replayRefusal', () => {
  const replay = (service: string, natsUser: string | undefined, subjects: string[], seq?: number) =>
    replayRefusal({ service, natsUser, namespace: 'cd', consumer: 'x', selection: { seq }, subjects });

  it('refuses, naming the command, what the service’s own NATS user may not publish', () => {
    const refusal = replay('broadcast', 'broadcast', ['cd.delivery.delivered', 'cd.delivery.seen'], 7);
    expect(refusal).toBeInstanceOf(DeadLettersRejected);
    expect(refusal?.kind).toBe('conflict');
    expect(refusal?.message).toContain('cd.delivery.delivered, cd.delivery.seen');
    expect(refusal?.message).toContain('npm run dead-letters -- replay x --seq 7');
  });

  it('lets a service replay its own subjects, and any user that is not a service’s own replay anything', () => {
    // handoff publishes SendMessageToCitizen itself, and reads it back for the transcript.
    expect(replay('handoff', 'handoff', ['cd.outbound.send-message'])).toBeUndefined();
    expect(replay('broadcast', undefined, ['cd.delivery.delivered'])).toBeUndefined();
    expect(replay('broadcast', 'operators', ['cd.delivery.delivered'])).toBeUndefined();
    expect(replay('analytics', 'analytics', [])).toBeUndefined();
  });
});
