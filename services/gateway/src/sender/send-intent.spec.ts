import { decideOnIntent, SendIntent, senderBatchShape, sendKeyOf } from './send-intent';

const at = new Date('2026-11-30T08:00:00Z');
const intent = (over: Partial<SendIntent> = {}): SendIntent => ({
  sendKey: 'k',
  commandId: 'c1',
  kind: 'send_message',
  state: 'calling',
  resent: false,
  attemptedAt: at,
  ...over,
});
const none = new Set<string>();

describe('decideOnIntent: what a delivery of a send command comes to', () => {
  it.each([
    ['no intent: a first call', 'send_message', undefined, none, { action: 'send' }],
    ['its outcome is recorded', 'send_message', intent(), new Set(['c1']), { action: 'recorded' }],
    [
      'Viber answered "try again" last time: nothing is uncertain',
      'send_message',
      intent({ state: 'answered' }),
      none,
      { action: 'send' },
    ],
    [
      'a citizen’s message begun and never recorded: resent once',
      'send_message',
      intent(),
      none,
      { action: 'resend', attemptedAt: at },
    ],
    [
      '… and its resend cut short too: never sent again',
      'send_message',
      intent({ resent: true }),
      none,
      { action: 'give-up-uncertain', attemptedAt: at },
    ],
    [
      'a broadcast batch begun and never recorded: reconciled, not resent',
      'broadcast_message',
      intent({ kind: 'broadcast_message' }),
      none,
      { action: 'reconcile', attemptedAt: at },
    ],
    [
      'the batch issued again while its first command is being sent: later',
      'broadcast_message',
      intent({ kind: 'broadcast_message', commandId: 'c0' }),
      none,
      { action: 'wait' },
    ],
    [
      'the batch issued again after its first command was recorded: nothing to do',
      'broadcast_message',
      intent({ kind: 'broadcast_message', commandId: 'c0' }),
      new Set(['c0']),
      { action: 'recorded' },
    ],
  ] as const)('%s', (_name, kind, found, recorded, expected) => {
    expect(decideOnIntent('c1', kind, found, recorded)).toEqual(expected);
  });
});

describe('sendKeyOf', () => {
  it('keys a citizen’s message by its command and a broadcast by its batch', () => {
    expect(sendKeyOf({ id: 'c1', type: 'SendMessageToCitizen', data: {} })).toBe('c1');
    expect(sendKeyOf({ id: 'c2', type: 'BroadcastToCitizens', data: { batchId: 'camp:7' } })).toBe(
      'batch:camp:7',
    );
    expect(sendKeyOf({ id: 'c3', type: 'BroadcastToCitizens', data: { batchId: 'camp:7' } })).toBe(
      'batch:camp:7',
    );
  });
});

describe('senderBatchShape: the in-flight limit', () => {
  it.each([1, 2, 3, 8, 63, 64, 500])('never begins more than %i calls at once', (limit) => {
    const { batchSize, concurrency } = senderBatchShape(limit);
    expect(batchSize).toBeGreaterThanOrEqual(1);
    expect(batchSize * concurrency).toBeLessThanOrEqual(limit);
  });
  it('sends two batches side by side when it can', () => {
    expect(senderBatchShape(64)).toEqual({ batchSize: 32, concurrency: 2 });
    expect(senderBatchShape(1)).toEqual({ batchSize: 1, concurrency: 1 });
  });
});
