/**
 * Every service reads its configuration from environment variables through a zod schema, once,
 * at start-up. A bad value stops the process with a message naming the variable, instead of
 * failing later in the middle of a request.
 */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}
