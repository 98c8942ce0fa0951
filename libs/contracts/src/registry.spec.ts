import { makeEnvelope } from './envelope';
import { ContractViolation, contracts, parseEnvelope, subjectOf, validateData } from './registry';
import { deterministicId } from './deterministic-id';

const received = {
  citizen: { id: 'viber:abc==', name: 'Marko' },
  channelMessageId: '5490829281232874001',
  message: { kind: 'text', text: 'pomoć' },
  sentAt: '2026-11-25T10:00:00.000Z',
};

describe('parseEnvelope', () => {
  it('accepts a valid envelope and returns typed data', () => {
    const env = makeEnvelope({
      type: 'CitizenMessageReceived',
      version: 1,
      streamId: 'citizen-viber:abc',
      data: received,
    });
    const parsed = parseEnvelope(JSON.parse(JSON.stringify(env)));
    expect(parsed.type).toBe('CitizenMessageReceived');
    expect(parsed.data).toEqual(received);
    expect(parsed.correlationId).toBe(env.id);
    expect(parsed.causationId).toBeNull();
  });

  it('keeps the correlation id and records the cause', () => {
    const cause = makeEnvelope({ type: 'CitizenMessageReceived', version: 1, streamId: 's', data: received });
    const effect = makeEnvelope({ type: 'BotReplied', version: 1, streamId: 's', data: {}, causedBy: cause });
    expect(effect.correlationId).toBe(cause.correlationId);
    expect(effect.causationId).toBe(cause.id);
  });

  it.each([
    ['unknown type', { type: 'Nope' }, /unknown event type Nope/],
    ['unknown version', { version: 9 }, /unknown version 9/],
    ['bad payload', { data: { ...received, citizen: { id: 'no-channel' } } }, /citizen.id/],
    ['no id', { id: 'x' }, /malformed envelope/],
  ])('rejects %s', (_name, patch, message) => {
    const env = {
      ...makeEnvelope({ type: 'CitizenMessageReceived', version: 1, streamId: 's', data: received }),
      ...patch,
    };
    expect(() => parseEnvelope(env)).toThrow(ContractViolation);
    expect(() => parseEnvelope(env)).toThrow(message);
  });

  it('names a distinct subject for every event type', () => {
    const subjects = Object.keys(contracts).map((t) => subjectOf(t as keyof typeof contracts));
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('refuses to publish data that breaks the contract', () => {
    expect(() =>
      validateData('SendMessageToCitizen', {
        messageId: 'not-a-uuid',
        citizenId: 'viber:1',
        message: { kind: 'text', text: 'x' },
        purpose: 'reply',
        origin: 'dialog',
      }),
    ).toThrow(/messageId/);
    expect(() =>
      validateData('SendMessageToCitizen', {
        messageId: deterministicId('m'),
        citizenId: 'viber:1',
        message: { kind: 'text', text: 'x'.repeat(7001) },
        purpose: 'reply',
        origin: 'dialog',
      }),
    ).toThrow(/text/);
  });
});

describe('deterministicId', () => {
  it('is a stable UUID for the same name and differs between names', () => {
    const a = deterministicId('viber:message:1');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicId('viber:message:1')).toBe(a);
    expect(deterministicId('viber:message:2')).not.toBe(a);
  });
});
