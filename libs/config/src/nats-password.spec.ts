import { commonEnvSchema, loadConfig } from './env';

describe('NATS_PASSWORD', () => {
  it('takes a password that starts with a letter', () => {
    const password = 'n7230880e281b59c26dea95596647c8edec1cbc6d1615ce48';
    expect(loadConfig(commonEnvSchema, { NATS_PASSWORD: password }).NATS_PASSWORD).toBe(password);
  });

  it("refuses one the NATS server's config would read as a number", () => {
    expect(() =>
      loadConfig(commonEnvSchema, { NATS_PASSWORD: '7230880e281b59c26dea95596647c8edec1cbc6d1615ce48' }),
    ).toThrow(/NATS_PASSWORD must start with a letter/);
  });
});
