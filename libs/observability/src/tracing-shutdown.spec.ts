import type { ExportResult } from '@opentelemetry/core';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { initTracing, shutdownTracing, withSpan } from './tracing';

/** An exporter as slow as a remote collector: each export answers after a delay. */
class SlowExporter extends InMemorySpanExporter {
  constructor(private readonly delayMs: number) {
    super();
  }
  override export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    setTimeout(() => super.export(spans, done), this.delayMs);
  }
}

describe('shutdownTracing', () => {
  const exporter = new SlowExporter(50);
  beforeAll(() => initTracing({ serviceName: 'shutdown-test', exporter, batchExporter: true }));

  it('exports a span still buffered by the batch processor', async () => {
    await withSpan('last-before-stop', {}, async () => undefined);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await expect(shutdownTracing(2_000)).resolves.toBe(true);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toContain('last-before-stop');
  });

  it('gives up when the exporter does not answer in time', async () => {
    const never = new (class extends InMemorySpanExporter {
      override export(): void {}
    })();
    initTracing({ serviceName: 'shutdown-test', exporter: never, batchExporter: true });
    await withSpan('stuck', {}, async () => undefined);
    await expect(shutdownTracing(100)).resolves.toBe(false);
  });
});
