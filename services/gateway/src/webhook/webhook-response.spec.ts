import { decideWebhookResponse } from './webhook-response';

describe('decideWebhookResponse', () => {
  it.each([
    [{ kind: 'bad-signature' as const }, 401],
    [{ kind: 'invalid' as const, reason: 'x' }, 400],
    [{ kind: 'ignored' as const, event: 'client_status' }, 200],
    [{ kind: 'not-durable' as const }, 503],
    [{ kind: 'accepted' as const }, 200],
  ])('%j answers %d', (outcome, status) => {
    expect(decideWebhookResponse(outcome).status).toBe(status);
  });

  it('answers a conversation_started with the welcome message as the body', () => {
    const welcome = { type: 'text', text: 'Dobro došli' };
    expect(decideWebhookResponse({ kind: 'accepted', welcome }).body).toBe(welcome);
  });
});
