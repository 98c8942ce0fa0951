import {
  Context,
  context,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  Sampler,
  SimpleSpanProcessor,
  SpanExporter,
  SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

let provider: NodeTracerProvider | undefined;
const extraProcessors: SpanProcessor[] = [];

/**
 * Which traces are recorded: a trace that starts here (a Viber callback, a timer) is kept with
 * probability `ratio`, decided from its trace id; a trace that arrives (in a message's headers) keeps
 * the decision made where it started, so a trace is recorded whole or not at all.
 */
export function traceSampler(ratio: number): Sampler {
  return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
}

/**
 * Installs the tracer provider once per process. Exports over OTLP/HTTP when an endpoint is
 * configured; without one, spans still exist (ids flow through logs and message headers) but
 * go nowhere. Tests pass an in-memory exporter. `sampleRatio` (default 1: every trace) is the
 * share of traces started here that are recorded; see `traceSampler`. Unrecorded spans still carry
 * their trace id through logs and messages.
 */
export function initTracing(opts: {
  serviceName: string;
  namespace?: string;
  otlpEndpoint?: string;
  exporter?: SpanExporter;
  sampleRatio?: number;
  /** Batch the test exporter as the OTLP one is (spans reach it only on a timer or a flush). */
  batchExporter?: boolean;
}): void {
  if (opts.exporter) {
    extraProcessors.push(
      opts.batchExporter
        ? new BatchSpanProcessor(opts.exporter, { scheduledDelayMillis: 60_000 })
        : new SimpleSpanProcessor(opts.exporter),
    );
  }
  if (provider) return;
  const spanProcessors: SpanProcessor[] = [];
  if (opts.otlpEndpoint) {
    spanProcessors.push(
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${opts.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }),
      ),
    );
  }
  // Processors registered later (tests) join through this forwarding processor.
  spanProcessors.push({
    onStart: (span, ctx) => extraProcessors.forEach((p) => p.onStart(span, ctx)),
    onEnd: (span) => extraProcessors.forEach((p) => p.onEnd(span)),
    forceFlush: async () => void (await Promise.all(extraProcessors.map((p) => p.forceFlush()))),
    shutdown: async () => void (await Promise.all(extraProcessors.map((p) => p.shutdown()))),
  });
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: opts.serviceName,
      'service.namespace': opts.namespace ?? 'citizen-desk',
    }),
    spanProcessors,
    sampler: traceSampler(opts.sampleRatio ?? 1),
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
}

/**
 * Exports every span still buffered (the OTLP exporter batches them), waiting at most `timeoutMs`.
 * Called last in a service's graceful shutdown. It flushes rather than shuts the provider down, so
 * that a process hosting several runtimes (tests, the launcher) keeps tracing the others.
 * Resolves `false` when the time ran out before the exporter answered.
 */
export async function shutdownTracing(timeoutMs = 5_000): Promise<boolean> {
  if (!provider) return true;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
    timer.unref();
  });
  try {
    return await Promise.race([
      provider.forceFlush().then(
        () => true,
        () => false,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function tracer(name = 'citizen-desk'): Tracer {
  return trace.getTracer(name);
}

/** The active trace context as W3C headers, to carry in an envelope or a message header. */
export function currentTraceCarrier(ctx: Context = context.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return { traceparent: carrier.traceparent, tracestate: carrier.tracestate };
}

export function contextFromCarrier(
  carrier: TraceCarrier | Record<string, string | string[] | undefined> | undefined,
): Context {
  if (!carrier) return ROOT_CONTEXT;
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(carrier)) if (typeof v === 'string') flat[k.toLowerCase()] = v;
  return propagation.extract(ROOT_CONTEXT, flat);
}

/**
 * Runs `fn` inside a new span, child of `parent` (an incoming carrier) or of the active span.
 * Records an exception and marks the span as failed when `fn` throws.
 */
export async function withSpan<T>(
  name: string,
  opts: {
    parent?: TraceCarrier | Record<string, string | string[] | undefined>;
    kind?: SpanKind;
    attributes?: Record<string, string | number | boolean>;
  },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parentCtx = opts.parent ? contextFromCarrier(opts.parent) : context.active();
  return tracer().startActiveSpan(
    name,
    { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes },
    parentCtx,
    async (span) => {
      try {
        return await fn(span);
      } catch (e) {
        span.recordException(e as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
        throw e;
      } finally {
        span.end();
      }
    },
  );
}

export { SpanKind };
