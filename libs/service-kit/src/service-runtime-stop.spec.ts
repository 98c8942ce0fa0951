import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { initTracing, withSpan } from '@citizen-desk/observability';
import { ServiceRuntime } from './service-runtime';

/** The runtime's stop path with its connections replaced by stand-ins: no database or broker needed. */
function runtimeWithStandIns(shutdownTimeoutMs: number): ServiceRuntime {
  const closed: string[] = [];
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const Ctor = ServiceRuntime as unknown as new (...args: unknown[]) => ServiceRuntime;
  const runtime = new Ctor(
    'stop-test',
    { SHUTDOWN_TIMEOUT_MS: shutdownTimeoutMs },
    logger,
    'cd_stop_test',
    { destroy: async () => void closed.push('database') },
    { close: async () => void closed.push('broker') },
    {},
    { stop: async () => void closed.push('relay') },
    { close: async () => void closed.push('relay publisher') },
    { close: async () => void closed.push('keys') },
    {},
    { stop: async () => void closed.push('retention') },
  );
  return Object.assign(runtime, { closed });
}

describe('ServiceRuntime.stop', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => initTracing({ serviceName: 'stop-test', exporter, batchExporter: true }));

  it('exports a span recorded just before stop, after closing its connections', async () => {
    const runtime = runtimeWithStandIns(5_000);
    await withSpan('handled just before SIGTERM', {}, async () => undefined);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await runtime.stop();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toContain('handled just before SIGTERM');
    expect((runtime as unknown as { closed: string[] }).closed).toEqual([
      'retention',
      'relay',
      'relay publisher',
      'broker',
      'database',
      'keys',
    ]);
  });
});
