import { ArgumentsHost } from '@nestjs/common';
import { DomainError, DomainErrorKind } from '@citizen-desk/contracts';
import { DomainErrorFilter } from './domain-error.filter';

class ThingRejected extends DomainError {
  constructor(
    readonly kind: DomainErrorKind,
    reason: string,
    details?: Record<string, unknown>,
  ) {
    super(reason, `thing refused: ${reason}`, details);
  }
}

/** Catches what the filter writes to the reply, as Fastify would send it. */
function replyTo(e: DomainError): { status?: number; body?: unknown } {
  const sent: { status?: number; body?: unknown } = {};
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  new DomainErrorFilter().catch(e, host);
  return sent;
}

describe('DomainErrorFilter', () => {
  it.each([
    ['invalid', 400, 'Bad Request'],
    ['unauthorized', 401, 'Unauthorized'],
    ['forbidden', 403, 'Forbidden'],
    ['not-found', 404, 'Not Found'],
    ['conflict', 409, 'Conflict'],
    ['too-many', 429, 'Too Many Requests'],
  ] as const)('answers a %s refusal with %i and the reason', (kind, status, error) => {
    expect(replyTo(new ThingRejected(kind, 'some-reason'))).toEqual({
      status,
      body: { statusCode: status, error, message: 'thing refused: some-reason', reason: 'some-reason' },
    });
  });

  it('adds the details to the body without letting them mask the status or the reason', () => {
    const e = new ThingRejected('conflict', 'in-use', {
      references: ['menu:a'],
      statusCode: 200,
      reason: 'x',
    });
    expect(replyTo(e)).toEqual({
      status: 409,
      body: {
        statusCode: 409,
        error: 'Conflict',
        message: 'thing refused: in-use',
        reason: 'in-use',
        references: ['menu:a'],
      },
    });
  });

  it('names the error after its class, so logs say which aggregate refused', () => {
    expect(new ThingRejected('conflict', 'x').name).toBe('ThingRejected');
  });
});
