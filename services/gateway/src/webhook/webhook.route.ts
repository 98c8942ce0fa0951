import type { TraceCarrier } from '@citizen-desk/observability';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WebhookService } from './webhook.service';

export const WEBHOOK_PATH = '/viber/webhook';
const EMPTY = Buffer.alloc(0);

/**
 * POST /viber/webhook as a plain Fastify route on the service's Fastify instance, off the Nest router
 * (whose per-request work — guards, pipes, interceptors, exception zones — the webhook does not use).
 *
 * The signature is an HMAC of the exact bytes Viber sent, so every body reaches the handler as a raw
 * Buffer (one content-type parser, for every type) and is parsed only after the signature checks out.
 * Fastify answers 413 above the limit without reading further.
 */
export function registerWebhookRoute(
  fastify: FastifyInstance,
  webhook: WebhookService,
  bodyLimit: number,
): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
  fastify.post(WEBHOOK_PATH, { bodyLimit }, async (req, reply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : EMPTY;
    const signature = req.headers['x-viber-content-signature'];
    const result = await webhook.receive(
      raw,
      typeof signature === 'string' ? signature : undefined,
      traceParentOf(req),
    );
    return reply.code(result.status).type('application/json').send(JSON.stringify(result.body));
  });
}

/** Only the W3C trace headers, when present: the span needs nothing else from the request. */
function traceParentOf(req: FastifyRequest): TraceCarrier | undefined {
  const { traceparent, tracestate } = req.headers;
  if (typeof traceparent !== 'string') return undefined;
  return { traceparent, tracestate: typeof tracestate === 'string' ? tracestate : undefined };
}
