import { commonEnvSchema, loadConfig } from './env';
import { parseTrustedProxies } from './trusted-proxies';

describe('TRUSTED_PROXIES', () => {
  it('trusts only the loopback by default', () => {
    expect(loadConfig(commonEnvSchema, {}).TRUSTED_PROXIES).toEqual(['loopback']);
  });

  it('takes addresses, CIDR ranges and the named ranges, or none', () => {
    expect(parseTrustedProxies('10.0.0.0/8, 192.0.2.7,::1, fd00::/8 ,uniquelocal')).toEqual({
      ok: true,
      value: ['10.0.0.0/8', '192.0.2.7', '::1', 'fd00::/8', 'uniquelocal'],
    });
    expect(parseTrustedProxies('none')).toEqual({ ok: true, value: false });
    expect(parseTrustedProxies('')).toEqual({ ok: true, value: false });
  });

  it('refuses what is not an address, and trusting everyone', () => {
    for (const bad of [
      'true',
      '*',
      'ingress',
      '10.0.0.0/33',
      '300.1.1.1',
      '10.0.0.0/8/1',
      '0.0.0.0/0',
      '::/0',
    ])
      expect([bad, parseTrustedProxies(bad).ok]).toEqual([bad, false]);
    expect(() => loadConfig(commonEnvSchema, { TRUSTED_PROXIES: '*' })).toThrow(/TRUSTED_PROXIES/);
  });
});
