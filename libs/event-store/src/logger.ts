/** The subset of pino's interface this library logs through. */
export interface EventStoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: EventStoreLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
