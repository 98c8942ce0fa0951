import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { initTracing } from '@citizen-desk/observability';
import { eventually, publishedAfter, waitUntilIdle } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import { ViberApiClient } from '@citizen-desk/viber';
import { registerWebhook } from '../../services/gateway/src/webhook/webhook-registration';
import { loadSeedContent } from '../../services/dialog/src/content';
import { analyticsGet, startPlatform, VIBER_TOKEN } from './platform.fixture';
import { conversationStartedCallback, nextToken, textMessageCallback } from './viber-callbacks';

const content = loadSeedContent();
const spans = new InMemorySpanExporter();
initTracing({ serviceName: 'e2e', exporter: spans });

type Platform = Awaited<ReturnType<typeof startPlatform>>;

const sentTo = (p: Platform, viberId: string) =>
  p.viber.sentMessages().filter((m: { receiver?: string }) => m.receiver === viberId);

describe('a citizen writes to the bot on Viber', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('answers a signed greeting with exactly one send_message: the greeting, with Menu and Operator buttons', async () => {
    const res = await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      textMessageCallback('citizen-1==', 'Dobar dan'),
    );
    expect(res.status).toBe(200);
    const [reply] = await eventually(() =>
      sentTo(p, 'citizen-1==').length ? sentTo(p, 'citizen-1==') : undefined,
    );
    expect(reply).toMatchObject({ type: 'text', sender: { name: expect.any(String) } });
    expect(reply.text).toBe(content.topics.find((t) => t.id === 'greeting')!.answer['cnr-Latn']);
    expect(reply.keyboard?.Type).toBe('keyboard');
    expect(reply.keyboard!.Buttons.map((b) => b.ActionBody)).toEqual(['menu:main', 'op:request']);
    // Everything the greeting set off has been handled: a second reply would have been sent by now.
    await waitUntilIdle(p.namespace);
    expect(sentTo(p, 'citizen-1==')).toHaveLength(1);
  });

  it('gives a re-delivered callback (same message_token) no second effect', async () => {
    const body = textMessageCallback('citizen-2==', 'porez', nextToken());
    expect((await postSignedCallback(p.webhookUrl, VIBER_TOKEN, body)).status).toBe(200);
    expect((await postSignedCallback(p.webhookUrl, VIBER_TOKEN, body)).status).toBe(200);
    await eventually(() => sentTo(p, 'citizen-2==').length === 1);
    await waitUntilIdle(p.namespace);
    expect(sentTo(p, 'citizen-2==')).toHaveLength(1);
  });

  it('refuses a wrong or missing signature at once with 401, and sends nothing', async () => {
    const position = await waitUntilIdle(p.namespace);
    const body = textMessageCallback('citizen-3==', 'zdravo');
    expect(
      (await postSignedCallback(p.webhookUrl, VIBER_TOKEN, body, { signature: 'deadbeef' })).status,
    ).toBe(401);
    expect((await postSignedCallback(p.webhookUrl, 'another-token', body)).status).toBe(401);
    const unsigned = await fetch(p.webhookUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
    // Nothing was published, so nothing is left to happen.
    expect(await waitUntilIdle(p.namespace)).toBe(position);
    expect(sentTo(p, 'citizen-3==')).toHaveLength(0);
  });

  it('answers malformed JSON with 400 and a body over 1 MB with 413', async () => {
    const position = await waitUntilIdle(p.namespace);
    expect((await postSignedCallback(p.webhookUrl, VIBER_TOKEN, '{"event":"message",')).status).toBe(400);
    expect(
      (await postSignedCallback(p.webhookUrl, VIBER_TOKEN, '{"event":"message","sender":{}}')).status,
    ).toBe(400);
    const huge = textMessageCallback('citizen-4==', 'x'.repeat(1024 * 1024 + 10));
    expect((await postSignedCallback(p.webhookUrl, VIBER_TOKEN, huge)).status).toBe(413);
    expect(await waitUntilIdle(p.namespace)).toBe(position);
    expect(sentTo(p, 'citizen-4==')).toHaveLength(0);
  });

  it('refuses a correctly signed callback replayed after the timestamp window with 400, and sends nothing', async () => {
    const position = await waitUntilIdle(p.namespace);
    const old = textMessageCallback('citizen-stale==', 'zdravo').replace(
      /"timestamp":\d+/,
      `"timestamp":${Date.now() - 3 * 3600 * 1000}`,
    );
    expect((await postSignedCallback(p.webhookUrl, VIBER_TOKEN, old)).status).toBe(400);
    expect(await waitUntilIdle(p.namespace)).toBe(position);
    expect(sentTo(p, 'citizen-stale==')).toHaveLength(0);
  });

  it('answers unknown event types and the webhook check with 200 and publishes nothing for them', async () => {
    const position = await waitUntilIdle(p.namespace);
    const unknown = `{"event":"client_status","timestamp":${Date.now()},"message_token":${nextToken()},"user_id":"citizen-5=="}`;
    expect((await postSignedCallback(p.webhookUrl, VIBER_TOKEN, unknown)).status).toBe(200);
    const check = `{"event":"webhook","timestamp":${Date.now()},"chat_hostname":"SN-1_","message_token":${nextToken()}}`;
    expect((await postSignedCallback(p.webhookUrl, VIBER_TOKEN, check)).status).toBe(200);
    // A known message after them is stored before its 200: anything they had published would precede it.
    const marker = 'poruka poslije zanemarenih događaja';
    expect(
      (await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback('citizen-5==', marker)))
        .status,
    ).toBe(200);
    const [first] = await publishedAfter(p.namespace, position);
    expect(first).toMatchObject({ seq: position + 1, subject: `${p.namespace}.citizen.message-received` });
    // Stored with the citizen's words sealed; opened with their key, it is the marker.
    expect(JSON.stringify(first.envelope)).not.toContain(marker);
    const [opened] = await p.gateway.runtime.cipher.open([first.envelope]);
    expect(opened).toMatchObject({
      type: 'CitizenMessageReceived',
      data: { message: { kind: 'text', text: marker } },
    });
  });

  it('registers its webhook with Viber, which checks it with a signed webhook event', async () => {
    const client = new ViberApiClient({ baseUrl: p.viber.url, authToken: VIBER_TOKEN, timeoutMs: 2000 });
    expect(await registerWebhook(client, p.webhookUrl, p.gateway.runtime.logger, 1)).toBe(true);
    const call = p.viber.requests.find((r: { path: string }) => r.path.endsWith('/set_webhook'));
    expect(call?.body).toMatchObject({
      url: p.webhookUrl,
      event_types: expect.arrayContaining(['delivered', 'seen', 'failed', 'conversation_started']),
    });
  });

  it('welcomes a citizen who opens the chat in the HTTP answer itself', async () => {
    const res = await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      conversationStartedCallback('citizen-6=='),
    );
    expect(res.status).toBe(200);
    const welcome = JSON.parse(res.body);
    expect(welcome).toMatchObject({ type: 'text', sender: { name: expect.any(String) } });
    expect(welcome.text).toBe(content.texts.greeting['cnr-Latn']);
  });

  it('follows one message with one trace from the webhook to the Viber call', async () => {
    spans.reset();
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback('citizen-7==', 'kontakt'));
    // Other tests' messages may still be finishing: look for a Viber call that shares a trace with a webhook.
    const traceId = await eventually(() => {
      const finished = spans.getFinishedSpans();
      const webhookTraces = new Set(
        finished.filter((s) => s.name === 'viber webhook').map((s) => s.spanContext().traceId),
      );
      return finished
        .find((s) => s.name === 'viber send_message' && webhookTraces.has(s.spanContext().traceId))
        ?.spanContext().traceId;
    });
    const hops = [
      'viber webhook',
      'dialog CitizenMessageReceived',
      'gateway-sender SendMessageToCitizen',
      'viber send_message',
    ];
    const names = () =>
      spans
        .getFinishedSpans()
        .filter((s) => s.spanContext().traceId === traceId)
        .map((s) => s.name);
    // The sender's own span ends after the Viber call (its outcome is recorded with the batch's).
    await eventually(() => hops.every((h) => names().includes(h)));
    expect(names()).toEqual(expect.arrayContaining(hops));
  });

  it('counts each message once per hour in analytics', async () => {
    // The earlier tests' messages are counted first, or one of them could land between before and after.
    await waitUntilIdle(p.namespace);
    const before = await analyticsGet(p.analytics.url, '/analytics/messages');
    const body = textMessageCallback('citizen-8==', 'porez na nepokretnost');
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, body);
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, body);
    const after = await eventually(async () => {
      const r = await analyticsGet(p.analytics.url, '/analytics/messages');
      return r.total > before.total ? r : undefined;
    });
    // The projection has handled everything published, the re-delivered callback included.
    await waitUntilIdle(p.namespace);
    const final = await analyticsGet(p.analytics.url, '/analytics/messages');
    expect(final.total).toBe(before.total + 1);
    expect(after.hours[after.hours.length - 1]).toMatchObject({
      hour: expect.stringMatching(/:00:00\.000Z$/),
    });
  });
});

describe('when the Viber API fails', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('retries 5xx and rate-limit answers with back-off until the message is sent', async () => {
    p.viber.failNext(1, { httpStatus: 503 });
    p.viber.failNext(1, { viberStatus: 12 });
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback('retry-1==', 'zdravo'));
    await eventually(() => sentTo(p, 'retry-1==').length > 0, { timeoutMs: 20000 });
    const sent = await eventually(() =>
      p.gateway.runtime.dataSource
        .query(`SELECT data FROM events WHERE type = 'MessageSent'`)
        .then((r: unknown[]) => (r.length ? r : undefined)),
    );
    expect((sent[0] as { data: { attempts: number } }).data.attempts).toBeGreaterThanOrEqual(3);
  });

  it('does not retry a citizen who is not subscribed, and records why', async () => {
    p.viber.unsubscribed('gone-1==');
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback('gone-1==', 'zdravo'));
    const citizenId = await p.citizenIdOf('gone-1==');
    const failed = await eventually(() =>
      p.gateway.runtime.dataSource
        .query(`SELECT data FROM events WHERE type = 'MessageSendFailed'`)
        .then((r: Array<{ data: { citizenId: string } }>) => r.find((x) => x.data.citizenId === citizenId)),
    );
    expect(failed.data).toMatchObject({ permanent: true, code: 6, attempts: 1 });
  });
});
