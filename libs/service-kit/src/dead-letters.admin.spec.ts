import { DeadLettersRejected, durableOf, selectionOf } from './dead-letters.admin';

describe('selectionOf', () => {
  it('reads kind, seq and limit; both kinds when none is given', () => {
    expect(selectionOf({})).toEqual({});
    expect(selectionOf({ kind: 'parked', seq: '42' })).toEqual({ kind: 'parked', seq: 42 });
    expect(selectionOf({}, 100)).toEqual({ limit: 100 });
    expect(selectionOf({ limit: '5000' }, 100)).toEqual({ limit: 1000 });
  });

  it.each([[{ kind: 'lost' }], [{ seq: '0' }], [{ seq: '1.5' }], [{ limit: '-1' }], [{ seq: ['1', '2'] }]])(
    'refuses %j as invalid',
    (query) => {
      expect(() => selectionOf(query)).toThrow(DeadLettersRejected);
      try {
        selectionOf(query);
      } catch (e) {
        expect((e as DeadLettersRejected).kind).toBe('invalid');
      }
    },
  );
});

describe('durableOf', () => {
  const durables = ['cd-dialog', 'cd-dialog-handoff'];

  it('takes the name as the service gives it or as the server does', () => {
    expect(durableOf('dialog', 'cd', durables)).toBe('cd-dialog');
    expect(durableOf('cd-dialog-handoff', 'cd', durables)).toBe('cd-dialog-handoff');
  });

  it("refuses another service's consumer as not found", () => {
    expect(() => durableOf('gateway-sender', 'cd', durables)).toThrow(/no consumer gateway-sender/);
  });
});
