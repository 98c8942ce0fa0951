/** What the webhook answers Viber, decided from the outcome of one callback. */
export type WebhookOutcome =
  | { kind: 'bad-signature' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'ignored'; event: string }
  | { kind: 'not-durable' }
  | { kind: 'accepted'; welcome?: object };

export interface WebhookResponse {
  status: number;
  body: object;
}

export function decideWebhookResponse(outcome: WebhookOutcome): WebhookResponse {
  switch (outcome.kind) {
    case 'bad-signature':
      // Answer at once: the official SDK leaves such requests hanging, which ties up connections.
      return { status: 401, body: { error: 'invalid or missing X-Viber-Content-Signature' } };
    case 'invalid':
      return { status: 400, body: { error: 'malformed callback', reason: outcome.reason } };
    case 'ignored':
      return { status: 200, body: { status: 'ignored', event: outcome.event } };
    case 'not-durable':
      // Not 200: Viber retries the callback, so nothing is lost while the broker is away.
      return { status: 503, body: { error: 'temporarily unable to accept the callback' } };
    case 'accepted':
      // For conversation_started Viber shows the body as the welcome message.
      return { status: 200, body: outcome.welcome ?? { status: 'ok' } };
  }
}
