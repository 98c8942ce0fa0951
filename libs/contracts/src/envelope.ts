import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sealedFieldsSchema } from './personal-data';

/**
 * Every event and command that crosses a service boundary travels in this envelope.
 * `version` is the schema version of `data`; readers upcast older versions (see registry.ts).
 */
export const traceContextSchema = z.object({
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
});
export type TraceContext = z.infer<typeof traceContextSchema>;

export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1),
  version: z.number().int().min(1),
  streamId: z.string().min(1),
  occurredAt: z.string().datetime({ offset: true }),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  trace: traceContextSchema.default({}),
  data: z.unknown(),
  /** The citizen's personal fields, encrypted (see personal-data.ts); absent when there are none. */
  sealed: sealedFieldsSchema.optional(),
});
export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };

export interface EnvelopeInit<T> {
  type: string;
  version: number;
  streamId: string;
  data: T;
  id?: string;
  occurredAt?: Date | string;
  /** The envelope this one is a consequence of: its id becomes the causation, its correlation is kept. */
  causedBy?: Pick<Envelope, 'id' | 'correlationId'>;
  correlationId?: string;
  trace?: TraceContext;
}

export function makeEnvelope<T>(init: EnvelopeInit<T>): Envelope<T> {
  const id = init.id ?? randomUUID();
  const occurredAt =
    init.occurredAt instanceof Date
      ? init.occurredAt.toISOString()
      : (init.occurredAt ?? new Date().toISOString());
  return {
    id,
    type: init.type,
    version: init.version,
    streamId: init.streamId,
    occurredAt,
    correlationId: init.correlationId ?? init.causedBy?.correlationId ?? id,
    causationId: init.causedBy?.id ?? null,
    trace: init.trace ?? {},
    data: init.data,
  };
}
