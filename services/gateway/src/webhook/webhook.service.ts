import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { counter, currentTraceCarrier, histogram, SpanKind, withSpan } from '@citizen-desk/observability';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import {
  callbackFreshness,
  DEFAULT_CALLBACK_MAX_AGE_MS,
  InvalidViberCallback,
  isValidViberSignature,
  parseViberCallback,
  toChannelEvent,
  toViberMessage,
} from '@citizen-desk/viber';
import { decideWebhookResponse, WebhookResponse } from './webhook-response';
import { WelcomeMessageRepository } from './welcome-message.repository';

const callbacks = counter('viber_callbacks_total', 'Viber callbacks received', ['event', 'outcome']);
const durableSeconds = histogram(
  'viber_callback_durable_seconds',
  'Time to make a callback durable in JetStream',
);

export interface OutgoingViberOptions {
  sender: { name: string; avatar?: string };
  minApiVersion: number;
}

/**
 * One Viber callback: check the signature on the raw bytes, parse, turn into a channel-neutral event
 * and wait until JetStream has it. Only then is the answer 200: a callback answered 200 is never lost,
 * and one that is not will be retried by Viber.
 */
export class WebhookService {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly authToken: string,
    private readonly welcome: WelcomeMessageRepository,
    private readonly outgoing: OutgoingViberOptions,
    private readonly callbackMaxAgeMs: number = DEFAULT_CALLBACK_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async receive(
    raw: Buffer,
    signature: string | undefined,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<WebhookResponse> {
    return withSpan(
      'viber webhook',
      { parent: headers, kind: SpanKind.SERVER, attributes: { 'http.route': '/viber/webhook' } },
      async (span) => {
        if (!isValidViberSignature(raw, signature, this.authToken)) {
          callbacks.inc({ event: 'unknown', outcome: 'bad-signature' });
          return decideWebhookResponse({ kind: 'bad-signature' });
        }
        let parsed: ReturnType<typeof parseViberCallback>;
        try {
          parsed = parseViberCallback(raw);
        } catch (e) {
          if (!(e instanceof InvalidViberCallback)) throw e;
          callbacks.inc({ event: 'unknown', outcome: 'invalid' });
          this.runtime.logger.warn({ reason: e.message }, 'invalid Viber callback');
          return decideWebhookResponse({ kind: 'invalid', reason: e.message });
        }
        if (parsed.kind === 'unknown') {
          callbacks.inc({ event: 'unknown', outcome: 'ignored' });
          this.runtime.logger.info({ event: parsed.event }, 'ignoring unknown Viber event type');
          return decideWebhookResponse({ kind: 'ignored', event: parsed.event });
        }
        const callback = parsed.callback;
        span.setAttribute('viber.event', callback.event);
        const freshness = callbackFreshness(callback.timestamp, this.now(), this.callbackMaxAgeMs);
        if (freshness !== 'fresh') {
          callbacks.inc({ event: callback.event, outcome: freshness });
          this.runtime.logger.warn(
            { event: callback.event, timestamp: callback.timestamp },
            `refusing a ${freshness} callback`,
          );
          return decideWebhookResponse({ kind: 'invalid', reason: `timestamp ${freshness}` });
        }
        const channelEvent = toChannelEvent(callback);
        if (channelEvent) {
          const envelope: Envelope = makeEnvelope({
            id: channelEvent.id,
            type: channelEvent.type,
            version: 1,
            streamId: channelEvent.streamId,
            data: channelEvent.data,
            trace: currentTraceCarrier(),
          });
          const end = durableSeconds.startTimer();
          try {
            await this.runtime.messaging.publish(envelope);
          } catch (e) {
            callbacks.inc({ event: callback.event, outcome: 'not-durable' });
            this.runtime.logger.error(
              { err: e, event: callback.event },
              'could not make the callback durable; Viber will retry',
            );
            return decideWebhookResponse({ kind: 'not-durable' });
          } finally {
            end();
          }
        }
        callbacks.inc({ event: callback.event, outcome: 'accepted' });
        if (callback.event === 'conversation_started') {
          const message = toViberMessage(this.welcome.current(), this.outgoing);
          return decideWebhookResponse({ kind: 'accepted', welcome: message });
        }
        return decideWebhookResponse({ kind: 'accepted' });
      },
    );
  }
}
