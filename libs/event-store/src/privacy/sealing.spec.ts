import { randomUUID } from 'node:crypto';
import { Envelope, ERASED, makeEnvelope, parseEnvelope } from '@citizen-desk/contracts';
import { newCitizenKey, openEnvelope, ownerToSeal, sealEnvelope, withValueAt } from './sealing';

const citizenId = 'viber:Ana+Marković==';
const message = (): Envelope =>
  makeEnvelope({
    type: 'CitizenMessageReceived',
    version: 1,
    streamId: `citizen-${citizenId}`,
    data: {
      citizen: {
        id: citizenId,
        name: 'Ana Marković',
        avatarUrl: 'https://media.example/ana.jpg',
        language: 'sr',
      },
      channelMessageId: '5012345678901234567',
      message: {
        kind: 'location',
        text: 'Ulica Mediteranska 4, rupa na putu',
        location: { lat: 42.28641, lon: 18.84012, address: 'Mediteranska 4' },
        contact: { name: 'Ana', phoneNumber: '+38267123456' },
      },
      sentAt: '2026-11-30T08:00:00.000Z',
    },
  });

const secrets = ['Ana Marković', 'ana.jpg', 'Mediteranska', '42.28641', '18.84012', '+38267123456'];

describe('sealing a citizen’s personal fields', () => {
  const key = newCitizenKey(randomUUID());

  it('leaves none of them readable in the sealed envelope, which still fits its contract', () => {
    const sealed = sealEnvelope(message(), key);
    const json = JSON.stringify(sealed);
    for (const secret of secrets) expect(json).not.toContain(secret);
    // The id stays for routing; the sealed form is what JetStream consumers validate.
    expect(json).toContain(citizenId);
    expect(() => parseEnvelope(JSON.parse(json))).not.toThrow();
    expect(sealed.sealed?.kid).toBe(key.kid);
  });

  it('opens back to exactly what was sealed with the right key', () => {
    const original = message();
    const opened = openEnvelope(parseEnvelope(JSON.parse(JSON.stringify(sealEnvelope(original, key)))), key);
    expect(opened.data).toEqual(original.data);
    expect(opened.sealed).toBeUndefined();
  });

  it('reads as erased, without throwing, once the key is gone: texts say so, the rest is left out', () => {
    const opened = openEnvelope(sealEnvelope(message(), key), undefined);
    expect(opened.sealed).toBeUndefined();
    expect(opened.data).toEqual({
      citizen: { id: citizenId, name: ERASED, language: 'sr' },
      channelMessageId: '5012345678901234567',
      message: { kind: 'location', text: ERASED },
      sentAt: '2026-11-30T08:00:00.000Z',
    });
    expect(() => parseEnvelope(opened)).not.toThrow();
  });

  it('does not open with another citizen’s key, nor a blob moved onto another event', () => {
    const sealed = sealEnvelope(message(), key);
    const otherKey = { kid: key.kid, key: newCitizenKey(key.kid).key };
    expect((openEnvelope(sealed, otherKey).data as { message: { text: string } }).message.text).toBe(ERASED);
    const moved = { ...sealEnvelope(message(), key), sealed: sealed.sealed };
    expect((openEnvelope(moved, key).data as { message: { text: string } }).message.text).toBe(ERASED);
  });

  it('reads a tampered blob as erased', () => {
    const sealed = sealEnvelope(message(), key);
    const ct = Buffer.from(sealed.sealed!.ct, 'base64');
    ct[0] ^= 1;
    const tampered = { ...sealed, sealed: { ...sealed.sealed!, ct: ct.toString('base64') } };
    expect((openEnvelope(tampered, key).data as { citizen: { name: string } }).citizen.name).toBe(ERASED);
  });

  it('keeps a required text valid when erased (a report’s description)', () => {
    const filed = makeEnvelope({
      type: 'ReportFiled',
      version: 1,
      streamId: 'report-BD-7K3M-Q9XD',
      data: {
        reportId: 'r1',
        reference: 'BD-7K3M-Q9XD',
        category: 'roads',
        department: 'utilities',
        description: 'Rupa na putu kod moje kuće',
        location: { lat: 42.28641, lon: 18.84012 },
        citizenId,
        language: 'cnr-Latn',
        channel: 'viber',
        submissionId: randomUUID(),
        filedAt: '2026-11-30T08:00:00.000Z',
      },
    });
    const erased = openEnvelope(sealEnvelope(filed, key), undefined);
    expect(erased.data).toMatchObject({ description: ERASED, citizenId });
    expect((erased.data as { location?: unknown }).location).toBeUndefined();
    expect(() => parseEnvelope(erased)).not.toThrow();
  });

  it('seals nothing where there is no personal field or no citizen to own it', () => {
    const receipt = makeEnvelope({
      type: 'MessageSeen',
      version: 1,
      streamId: 'x',
      data: { citizenId, channelMessageId: '1', at: '2026-11-30T08:00:00.000Z' },
    });
    expect(ownerToSeal(receipt)).toBeUndefined();
    expect(sealEnvelope(receipt, key)).toBe(receipt);
    const open311 = makeEnvelope({
      type: 'ReportFiled',
      version: 1,
      streamId: 'r',
      data: { description: 'A broken light', channel: 'open311' },
    });
    expect(ownerToSeal(open311)).toBeUndefined();
    const tapOnly = makeEnvelope({
      type: 'BotReplied',
      version: 1,
      streamId: 'c',
      data: { citizenId, outcome: 'menu' },
    });
    expect(ownerToSeal(tapOnly)).toBeUndefined();
  });

  it('copies rather than changes what it is given', () => {
    const data = { a: { b: 1, c: 2 } };
    expect(withValueAt(data, 'a.b', undefined)).toEqual({ a: { c: 2 } });
    expect(withValueAt(data, 'a.d.e', 3)).toEqual({ a: { b: 1, c: 2, d: { e: 3 } } });
    expect(data).toEqual({ a: { b: 1, c: 2 } });
    const original = message();
    const before = JSON.stringify(original);
    sealEnvelope(original, key);
    expect(JSON.stringify(original)).toBe(before);
  });
});
