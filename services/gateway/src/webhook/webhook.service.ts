import { makeEnvelope } from '@citizen-desk/contracts';
import { PipelinedPublisher } from '@citizen-desk/messaging';
import {
  counter,
  currentTraceCarrier,
  histogram,
  Logger,
  SpanKind,
  TraceCarrier,
  withSpan,
} from '@citizen-desk/observability';
import type { CitizenKeys } from '@citizen-desk/event-store';
import {
  callbackFreshness,
  ChannelEvent,
  DEFAULT_CALLBACK_MAX_AGE_MS,
  toChannelEvent,
  toViberMessage,
} from '@citizen-desk/viber';
import { readCallback } from './read-callback';
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
 * One Viber callback: check the signature on the raw bytes, parse, replace the Viber user's id by their
 * pseudonym (made at first contact: no Viber id goes past the gateway), turn into a channel-neutral
 * event and wait until JetStream has it. Only then is the answer 200: a callback answered 200 is never lost,
 * and one that is not will be retried by Viber. Concurrent callbacks share the publisher's writes and
 * acknowledgements, but each waits for its own message.
 */
export class WebhookService {
  constructor(
    private readonly publisher: Pick<PipelinedPublisher, 'publish'>,
    private readonly logger: Logger,
    private readonly authToken: string,
    private readonly welcome: Pick<WelcomeMessageRepository, 'current'>,
    private readonly outgoing: OutgoingViberOptions,
    /** Concurrent callbacks share one statement for their pseudonyms (and the keys made with them). */
    private readonly pseudonyms: Pick<CitizenKeys, 'pseudonymsOf'>,
    private readonly callbackMaxAgeMs: number = DEFAULT_CALLBACK_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** `traceParent` is the caller's W3C trace context, when it sent one (Viber does not). */
  receive(raw: Buffer, signature: string | undefined, traceParent?: TraceCarrier): Promise<WebhookResponse> {
    return withSpan(
      'viber webhook',
      { parent: traceParent, kind: SpanKind.SERVER, attributes: { 'http.route': '/viber/webhook' } },
      async (span) => {
        const reading = readCallback(raw, signature, this.authToken);
        switch (reading.kind) {
          case 'bad-signature':
            callbacks.inc({ event: 'unknown', outcome: 'bad-signature' });
            return decideWebhookResponse(reading);
          case 'invalid':
            // Signed, so from Viber (or whoever holds the token), and still unusable: worth a warning.
            callbacks.inc({ event: 'unknown', outcome: 'invalid' });
            this.logger.warn({ reason: reading.reason }, 'invalid Viber callback');
            return decideWebhookResponse(reading);
          case 'ignored':
            callbacks.inc({ event: 'unknown', outcome: 'ignored' });
            this.logger.debug({ event: reading.event }, 'ignoring unknown Viber event type');
            return decideWebhookResponse(reading);
        }
        const { callback, viberUserId } = reading;
        span.setAttribute('viber.event', callback.event);
        // A replayed old callback (or one from the future) is refused, past Viber's own retry window.
        const freshness = callbackFreshness(callback.timestamp, this.now(), this.callbackMaxAgeMs);
        if (freshness !== 'fresh') {
          callbacks.inc({ event: callback.event, outcome: freshness });
          this.logger.warn(
            { event: callback.event, timestamp: callback.timestamp },
            `refusing a ${freshness} callback`,
          );
          return decideWebhookResponse({ kind: 'invalid', reason: `timestamp ${freshness}` });
        }
        if (viberUserId !== null) {
          const end = durableSeconds.startTimer();
          try {
            const pseudonym = (await this.pseudonyms.pseudonymsOf([viberUserId])).get(viberUserId);
            if (!pseudonym) throw new Error('no pseudonym was made for the Viber user');
            const event = toChannelEvent(callback, pseudonym) as ChannelEvent;
            // Built here from a callback validated once above: not validated again before publishing.
            const envelope = makeEnvelope({
              id: event.id,
              type: event.type,
              version: 1,
              streamId: event.streamId,
              data: event.data,
              trace: currentTraceCarrier(),
            });
            await this.publisher.publish(envelope);
          } catch (e) {
            callbacks.inc({ event: callback.event, outcome: 'not-durable' });
            this.logger.error(
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
