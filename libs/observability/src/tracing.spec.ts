import { randomBytes } from 'node:crypto';
import { InMemorySpanExporter, SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { contextFromCarrier, currentTraceCarrier, initTracing, traceSampler, withSpan } from './tracing';
import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';

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

describe('trace sampling', () => {
  const traceId = () => randomBytes(16).toString('hex');
  const decide = (ratio: number, parent = ROOT_CONTEXT, id = traceId()) =>
    traceSampler(ratio).shouldSample(parent, id, 'webhook', SpanKind.SERVER, {}, []).decision;
  const parentWith = (sampled: boolean) =>
    trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'b7ad6b7169203331b7ad6b7169203331',
      spanId: 'b7ad6b7169203331',
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: true,
    });

  it('records every trace that starts here at ratio 1 and none at ratio 0', () => {
    expect(decide(1)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(0)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('keeps roughly the ratio of the traces that start here, decided from the trace id', () => {
    const kept = Array.from({ length: 2000 }, () => decide(0.25)).filter(
      (d) => d === SamplingDecision.RECORD_AND_SAMPLED,
    ).length;
    expect(kept / 2000).toBeGreaterThan(0.15);
    expect(kept / 2000).toBeLessThan(0.35);
  });

  it('follows the decision of the service where the trace started, whatever its own ratio', () => {
    expect(decide(0, parentWith(true))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(1, parentWith(false))).toBe(SamplingDecision.NOT_RECORD);
  });
});
