import { streamCookie, streamTokenOf } from './stream-cookie';

const jwtExpiringAt = (exp: number) =>
  ['e30', Buffer.from(JSON.stringify({ exp })).toString('base64url'), 'sig'].join('.');

describe('the live stream cookie', () => {
  it('lasts as long as the token, only for the stream, out of reach of scripts and other sites', () => {
    const now = 1_800_000_000_000;
    const token = jwtExpiringAt(now / 1000 + 600);
    expect(streamCookie(token, false, now)).toBe(
      `handoff_stream=${token}; Path=/handoff/stream; Max-Age=600; HttpOnly; SameSite=Strict`,
    );
    expect(streamCookie(token, true, now)).toMatch(/; Secure$/);
    expect(streamCookie('not-a-jwt', false, now)).toMatch(/Max-Age=0;/);
  });

  it('is read back from a Cookie header among others', () => {
    expect(streamTokenOf('a=1; handoff_stream=x.y.z; b=2')).toBe('x.y.z');
    expect(streamTokenOf('handoff_streamer=no')).toBeUndefined();
    expect(streamTokenOf(undefined)).toBeUndefined();
  });
});
