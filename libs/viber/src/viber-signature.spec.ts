import { createHmac } from 'node:crypto';
import { isValidViberSignature, signViberBody } from './viber-signature';

const token = '445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9';
const body = Buffer.from('{"event":"webhook","timestamp":1457764197627,"message_token":241256543215}');

describe('signViberBody', () => {
  it('is the hex HMAC-SHA256 of the body keyed with the token', () => {
    const expected = createHmac('sha256', token).update(body).digest('hex');
    expect(signViberBody(body, token)).toBe(expected);
    expect(signViberBody(body.toString('utf8'), token)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('isValidViberSignature', () => {
  const good = signViberBody(body, token);

  it('accepts the right signature, in either case', () => {
    expect(isValidViberSignature(body, good, token)).toBe(true);
    expect(isValidViberSignature(body, good.toUpperCase(), token)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['garbage', 'not-a-signature'],
    ['too short', good.slice(0, 62)],
    ['too long', good + 'ab'],
    ['non-hex of the right length', 'z'.repeat(64)],
    ['one character off', (good[0] === 'a' ? 'b' : 'a') + good.slice(1)],
  ])('rejects a %s signature without throwing', (_name, signature) => {
    expect(isValidViberSignature(body, signature, token)).toBe(false);
  });

  it('rejects a signature made with another token or over another body', () => {
    expect(isValidViberSignature(body, signViberBody(body, 'other'), token)).toBe(false);
    expect(isValidViberSignature(Buffer.concat([body, Buffer.from(' ')]), good, token)).toBe(false);
  });
});
