import { commonEnvSchema, loadConfig } from '@citizen-desk/config';
import Fastify from 'fastify';
import { trustProxyOf } from './http-app';

/** The address a service sees for a request, as the sign-in limits count it. */
async function addressSeen(trusted: string | undefined, remoteAddress: string, forwardedFor?: string) {
  const config = loadConfig(commonEnvSchema, trusted === undefined ? {} : { TRUSTED_PROXIES: trusted });
  const app = Fastify({ trustProxy: trustProxyOf(config) });
  app.get('/', async (request) => ({ ip: request.ip }));
  try {
    const res = await app.inject({
      method: 'GET',
      url: '/',
      remoteAddress,
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });
    return (res.json() as { ip: string }).ip;
  } finally {
    await app.close();
  }
}

describe('which X-Forwarded-For a service believes (TRUSTED_PROXIES)', () => {
  it('by default, only a proxy on the loopback: what it appended, not what the client wrote before it', async () => {
    expect(await addressSeen(undefined, '127.0.0.1', '6.6.6.6, 203.0.113.7')).toBe('203.0.113.7');
  });

  it("ignores a client's own header when it connects directly", async () => {
    expect(await addressSeen(undefined, '203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    expect(await addressSeen('10.0.0.0/8', '203.0.113.9', '10.1.1.1')).toBe('203.0.113.9');
  });

  it('with none, believes no header at all', async () => {
    expect(await addressSeen('none', '127.0.0.1', '198.51.100.1')).toBe('127.0.0.1');
  });

  it('walks back over every trusted proxy to the first address that is not one', async () => {
    // Ingress controller (10.9.9.9) then the staff web app (10.1.2.3), each appending the peer it saw.
    expect(await addressSeen('10.0.0.0/8', '10.1.2.3', '6.6.6.6, 203.0.113.7, 10.9.9.9')).toBe('203.0.113.7');
  });
});
