import { classifyViberResult, classifyViberStatus } from './viber-result';

const answer = (bodyText: string, httpStatus = 200) =>
  classifyViberResult({ kind: 'response', httpStatus, bodyText });

describe('classifyViberResult', () => {
  it('reads an ok answer, keeping the 64-bit message_token exact', () => {
    expect(
      answer(
        '{"status":0,"status_message":"ok","message_token":5741311803571721087,"chat_hostname":"SN-CHAT-05_","billing_status":1}',
      ),
    ).toEqual({
      outcome: 'ok',
      messageToken: '5741311803571721087',
      billingStatus: 1,
      response: {
        status: 0,
        status_message: 'ok',
        message_token: '5741311803571721087',
        chat_hostname: 'SN-CHAT-05_',
        billing_status: 1,
      },
    });
  });

  it('lists failed broadcast receivers with their own outcome', () => {
    const result = answer(
      '{"status":0,"status_message":"ok","message_token":5741311803571721087,"failed_list":[{"receiver":"a=","status":6,"status_message":"Not subscribed"},{"receiver":"b=","status":12,"status_message":"too many"}]}',
    );
    expect(result.outcome === 'ok' && result.failedList).toEqual([
      { receiver: 'a=', status: 6, statusMessage: 'Not subscribed', outcome: 'permanent' },
      { receiver: 'b=', status: 12, statusMessage: 'too many', outcome: 'retry' },
    ]);
  });

  it.each([
    [12, 'retry'],
    [5, 'permanent'],
    [6, 'permanent'],
    [7, 'permanent'],
    [11, 'permanent'],
    [2, 'permanent'],
    [3, 'permanent'],
    [4, 'permanent'],
    [13, 'permanent'],
    [14, 'permanent'],
    [99, 'permanent'],
  ])('Viber status %i is %s, with its status_message as reason', (status, outcome) => {
    expect(answer(`{"status":${status},"status_message":"msg ${status}"}`)).toEqual({
      outcome,
      reason: `msg ${status}`,
      code: status,
    });
    expect(classifyViberStatus(status)).toBe(outcome);
  });

  it.each([500, 502, 503, 504, 429])('HTTP %i is retried', (httpStatus) => {
    expect(answer('oops', httpStatus)).toEqual({
      outcome: 'retry',
      reason: `HTTP ${httpStatus}`,
      httpStatus,
    });
  });

  it.each([400, 401, 403, 404])('HTTP %i is permanent', (httpStatus) => {
    expect(answer('nope', httpStatus)).toMatchObject({
      outcome: 'permanent',
      reason: `HTTP ${httpStatus}: nope`,
      httpStatus,
    });
  });

  it('retries network errors and time-outs', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifyViberResult({ kind: 'error', error: timeout })).toEqual({
      outcome: 'retry',
      reason: 'timed out (The operation was aborted due to timeout)',
    });
    const network = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    expect(classifyViberResult({ kind: 'error', error: network })).toEqual({
      outcome: 'retry',
      reason: 'TypeError: fetch failed: connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('retries a 200 whose body is unreadable or has no status', () => {
    expect(answer('<html>')).toMatchObject({ outcome: 'retry' });
    expect(answer('{"ok":true}')).toMatchObject({ outcome: 'retry' });
  });
});
