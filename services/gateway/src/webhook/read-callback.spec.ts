import { signViberBody } from '@citizen-desk/viber';
import { readCallback } from './read-callback';

const TOKEN = 'webhook-unit-token';
const SAMPLE_TOKEN = '5490829281232874001'; // > 2^53: a JS number would round it
const SAMPLE_USER_ID = '01234567890A=';
const head = (event: string) =>
  `"event":"${event}","timestamp":1457764197627,"message_token":${SAMPLE_TOKEN}`;
const sampleCallbacks = {
  webhook: `{${head('webhook')},"chat_hostname":"SN-CHAT-01_"}`,
  message: `{${head('message')},"sender":{"id":"${SAMPLE_USER_ID}","name":"John"},"message":{"type":"text","text":"a message to the service"}}`,
};
const read = (body: string, signature = signViberBody(body, TOKEN)) =>
  readCallback(Buffer.from(body), signature, TOKEN);

describe('readCallback', () => {
  it('refuses a missing, malformed or wrong signature before looking at the body', () => {
    const body = sampleCallbacks.message;
    expect(readCallback(Buffer.from(body), undefined, TOKEN)).toEqual({ kind: 'bad-signature' });
    expect(read(body, 'not hex')).toEqual({ kind: 'bad-signature' });
    expect(read(body, signViberBody(body, 'another-token'))).toEqual({ kind: 'bad-signature' });
    // A body that is not even JSON is refused for its signature, not parsed.
    expect(read('{"event":', signViberBody('{}', TOKEN))).toEqual({ kind: 'bad-signature' });
  });

  it('checks the signature over the exact bytes: one changed byte is refused', () => {
    const body = sampleCallbacks.message;
    const signature = signViberBody(body, TOKEN);
    expect(read(body.replace('a message', 'A message'), signature)).toEqual({ kind: 'bad-signature' });
  });

  it('calls malformed JSON and a known event that does not fit its schema invalid', () => {
    expect(read('{"event":"message",')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/JSON/),
    });
    expect(read('{"event":"message","sender":{}}')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/invalid message callback/),
    });
  });

  it('ignores event types it does not know', () => {
    expect(read('{"event":"client_status","timestamp":1}')).toEqual({
      kind: 'ignored',
      event: 'client_status',
    });
  });

  it('has nothing to publish for the webhook check', () => {
    expect(read(sampleCallbacks.webhook)).toMatchObject({ kind: 'known', viberUserId: null });
  });

  it('names the Viber user a message is from, to be replaced by their pseudonym', () => {
    expect(read(sampleCallbacks.message)).toMatchObject({
      kind: 'known',
      callback: { event: 'message', message_token: SAMPLE_TOKEN },
      viberUserId: SAMPLE_USER_ID,
    });
  });
});
