import { makeEnvelope } from '@citizen-desk/contracts';
import { decodeEnvelope } from './delivery';

const encode = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const unsubscribed = makeEnvelope({
  type: 'CitizenUnsubscribed',
  version: 1,
  streamId: 'citizen-a',
  data: { citizenId: 'viber:a', at: '2026-01-01T00:00:00.000Z' },
});

describe('decodeEnvelope', () => {
  it('decodes a known envelope', () => {
    expect(decodeEnvelope(encode(unsubscribed))).toMatchObject({
      ok: true,
      envelope: { id: unsubscribed.id },
    });
  });

  it('parks an event type or a version this code does not know yet', () => {
    expect(decodeEnvelope(encode({ ...unsubscribed, type: 'CitizenTeleported' }))).toEqual({
      ok: false,
      reason: 'unknown event type CitizenTeleported',
      disposition: 'park',
    });
    expect(decodeEnvelope(encode({ ...unsubscribed, version: 7 }))).toEqual({
      ok: false,
      reason: 'unknown version 7 of CitizenUnsubscribed',
      disposition: 'park',
    });
  });

  it('dead-letters what no code will handle: not JSON, a malformed envelope, data outside the contract', () => {
    for (const raw of ['{not json', { id: 'x' }, { ...unsubscribed, data: { citizenId: 42 } }]) {
      const decoded = decodeEnvelope(encode(raw));
      expect(decoded).toMatchObject({ ok: false, disposition: 'dead-letter' });
    }
  });
});
