import { appendForwardedFor } from './dashboard.controller';

describe('the dashboard sign-in, forwarded as a proxy forwards', () => {
  it('appends the address it got the request from to the chain it was given', () => {
    expect(appendForwardedFor(undefined, '203.0.113.7')).toBe('203.0.113.7');
    expect(appendForwardedFor('6.6.6.6, 198.51.100.1', '10.0.0.5')).toBe('6.6.6.6, 198.51.100.1, 10.0.0.5');
    expect(appendForwardedFor(['6.6.6.6', '198.51.100.1'], '10.0.0.5')).toBe(
      '6.6.6.6, 198.51.100.1, 10.0.0.5',
    );
    expect(appendForwardedFor(' , ', undefined)).toBe('');
  });
});
