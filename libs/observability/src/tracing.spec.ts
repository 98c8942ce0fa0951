import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { contextFromCarrier, currentTraceCarrier, initTracing, withSpan } from './tracing';
import { trace } from '@opentelemetry/api';

describe('trace propagation', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => initTracing({ serviceName: 'test', exporter }));

  it('carries one trace id across a carrier, as across a message hop', async () => {
    let carrier = {};
    const parentTraceId = await withSpan('webhook', {}, async (span) => {
      carrier = currentTraceCarrier();
      return span.spanContext().traceId;
    });
    expect(carrier).toHaveProperty('traceparent');
    const childTraceId = await withSpan(
      'consumer',
      { parent: carrier },
      async (span) => span.spanContext().traceId,
    );
    expect(childTraceId).toBe(parentTraceId);
    const spans = exporter.getFinishedSpans();
    const child = spans.find((s) => s.name === 'consumer')!;
    const parent = spans.find((s) => s.name === 'webhook')!;
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('records a failure on the span', async () => {
    await expect(withSpan('boom', {}, async () => Promise.reject(new Error('bad')))).rejects.toThrow('bad');
    expect(exporter.getFinishedSpans().find((s) => s.name === 'boom')!.status.code).toBe(2);
  });

  it('starts a fresh trace from an empty carrier', () => {
    const ctx = contextFromCarrier({});
    expect(trace.getSpanContext(ctx)).toBeUndefined();
  });
});
