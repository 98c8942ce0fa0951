import { clientIpOf } from './client-ip';

const request = (xff: string | undefined, peer = '10.0.0.9') => ({
  headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
  socket: { remoteAddress: peer },
});

describe('clientIpOf', () => {
  it('is the peer when no proxy is trusted, whatever the client writes in X-Forwarded-For', () => {
    expect(clientIpOf(request('1.2.3.4'), 0)).toBe('10.0.0.9');
  });

  it('takes the address our proxy appended, never one the client wrote before it', () => {
    expect(clientIpOf(request('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientIpOf(request('203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientIpOf(request(undefined), 1)).toBe('10.0.0.9');
    expect(clientIpOf(request('6.6.6.6, 203.0.113.7, 10.1.1.1'), 2)).toBe('203.0.113.7');
  });
});
