import { Logger } from '@citizen-desk/observability';

export interface Stoppable {
  stop(): Promise<void>;
}

let signalDeadline: number | undefined;

/** When the process must be gone by, once a signal has started the shutdown (for the trace flush). */
export function shutdownDeadline(): number | undefined {
  return signalDeadline;
}

/**
 * On SIGTERM/SIGINT: stop taking new work and finish what is in flight, then exit. A timer makes
 * sure a stuck dependency cannot keep the pod from terminating.
 */
export function exitOnSignals(service: Stoppable, logger: Logger, timeoutMs: number): void {
  let done = false;
  const shutdown = (signal: string) => {
    if (done) return;
    done = true;
    signalDeadline = Date.now() + timeoutMs;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    service
      .stop()
      .then(() => process.exit(0))
      .catch((e) => {
        logger.error({ err: e }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Logs a start-up failure as one readable line and exits non-zero. */
export function failStartup(service: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\n${service} could not start:\n${message}\n\n`);
  process.exit(1);
}
