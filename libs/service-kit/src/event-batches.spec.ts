import { deliveryOutcomeOf } from './event-batches';

describe('deliveryOutcomeOf', () => {
  const items = [{ index: 0 }, { index: 2 }, { index: 5 }];

  it('acks what is done or was done before', () => {
    expect(deliveryOutcomeOf({ status: 'done' }, items)).toEqual({ ok: true });
    expect(deliveryOutcomeOf({ status: 'duplicate' }, items)).toEqual({ ok: true });
  });

  it('retries a failed message with its error', () => {
    const error = new Error('x');
    expect(deliveryOutcomeOf({ status: 'failed', error }, items)).toEqual({ ok: false, error });
  });

  it('points a held message at the position in the batch of the message it waits behind', () => {
    expect(deliveryOutcomeOf({ status: 'held', behind: 1 }, items)).toMatchObject({
      ok: false,
      heldBehind: 2,
    });
  });
});
