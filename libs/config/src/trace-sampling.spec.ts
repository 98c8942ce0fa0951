import { ConfigError, gatewayEnvSchema, loadConfig } from './env';

describe('OTEL_TRACES_SAMPLER_ARG', () => {
  it('records every trace by default', () => {
    expect(loadConfig(gatewayEnvSchema, {}).OTEL_TRACES_SAMPLER_ARG).toBe(1);
  });

  it('takes a share between 0 and 1', () => {
    expect(loadConfig(gatewayEnvSchema, { OTEL_TRACES_SAMPLER_ARG: '0.1' }).OTEL_TRACES_SAMPLER_ARG).toBe(
      0.1,
    );
    expect(loadConfig(gatewayEnvSchema, { OTEL_TRACES_SAMPLER_ARG: '0' }).OTEL_TRACES_SAMPLER_ARG).toBe(0);
  });

  it.each(['1.5', '-0.1', 'half'])('refuses %s at start-up, naming the variable', (value) => {
    expect(() => loadConfig(gatewayEnvSchema, { OTEL_TRACES_SAMPLER_ARG: value })).toThrow(ConfigError);
    expect(() => loadConfig(gatewayEnvSchema, { OTEL_TRACES_SAMPLER_ARG: value })).toThrow(
      /OTEL_TRACES_SAMPLER_ARG/,
    );
  });
});
