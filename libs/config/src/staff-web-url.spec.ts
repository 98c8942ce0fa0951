import { analyticsEnvSchema, handoffEnvSchema, loadConfig } from './env';

describe('STAFF_WEB_PUBLIC_URL, where the old pages redirect', () => {
  it('defaults to the local staff app, and drops a trailing slash', () => {
    expect(loadConfig(handoffEnvSchema, {}).STAFF_WEB_PUBLIC_URL).toBe('http://127.0.0.1:3005');
    expect(
      loadConfig(analyticsEnvSchema, { STAFF_WEB_PUBLIC_URL: 'https://staff.budva.me/' })
        .STAFF_WEB_PUBLIC_URL,
    ).toBe('https://staff.budva.me');
  });

  it('is an http(s) address', () => {
    expect(() => loadConfig(handoffEnvSchema, { STAFF_WEB_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(
      /STAFF_WEB_PUBLIC_URL/,
    );
    expect(() => loadConfig(analyticsEnvSchema, { STAFF_WEB_PUBLIC_URL: 'staff.budva.me' })).toThrow(
      /STAFF_WEB_PUBLIC_URL/,
    );
  });
});
