import { AnyEvent, makeEnvelope, parseEnvelope } from '@citizen-desk/contracts';
import { citizenOf } from './conversation.service';

const event = (type: string, streamId: string, data: unknown): AnyEvent =>
  parseEnvelope(makeEnvelope({ type, version: 1, streamId, data })) as AnyEvent;

describe('citizenOf: what keeps a citizen’s messages in order in the dialog’s batches', () => {
  it('is the writer of a message and the citizen of an ended handoff', () => {
    const received = event('CitizenMessageReceived', 'citizen-viber:a', {
      citizen: { id: 'viber:a', name: 'Ana' },
      channelMessageId: '1',
      message: { kind: 'text', text: 'zdravo' },
      sentAt: '2026-11-25T10:00:00.000Z',
    });
    expect(citizenOf(received)).toBe('viber:a');
    const ended = event('HandoffSessionEnded', 'handoff-session-1', {
      sessionId: '3f1b6f0e-7a44-4c55-9e0b-6f3a8a4a2b10',
      citizenId: 'viber:a',
      department: 'general',
      endedBy: 'operator',
      endedAt: '2026-11-25T10:00:00.000Z',
    });
    expect(citizenOf(ended)).toBe('viber:a');
  });

  it('is nothing for an event the dialog does not act on', () => {
    const unsubscribed = event('CitizenUnsubscribed', 'citizen-viber:a', {
      citizenId: 'viber:a',
      at: '2026-11-25T10:00:00.000Z',
    });
    expect(citizenOf(unsubscribed)).toBeUndefined();
  });
});
