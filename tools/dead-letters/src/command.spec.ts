import { durableName, parseCommand, UsageError } from './command';

describe('parseCommand', () => {
  it('reads list, replay and drop of a consumer with their options', () => {
    expect(parseCommand(['list', 'dialog'])).toEqual({
      action: 'list',
      consumer: 'dialog',
      selection: { limit: 100 },
      json: false,
    });
    expect(parseCommand(['list', 'dialog', '--kind', 'parked', '--limit', '5', '--json'])).toEqual({
      action: 'list',
      consumer: 'dialog',
      selection: { kind: 'parked', limit: 5 },
      json: true,
    });
    expect(parseCommand(['replay', 'gateway-sender', '--seq', '17'])).toEqual({
      action: 'replay',
      consumer: 'gateway-sender',
      selection: { seq: 17 },
      json: false,
    });
    expect(parseCommand(['drop', 'dialog', '--kind', 'dead'])).toMatchObject({
      action: 'drop',
      selection: { kind: 'dead' },
    });
  });

  it('lists the counts of every consumer without one, and helps without a command', () => {
    expect(parseCommand(['list'])).toEqual({ action: 'counts' });
    expect(parseCommand([])).toEqual({ action: 'help' });
    expect(parseCommand(['replay', '--help'])).toEqual({ action: 'help' });
  });

  it.each([
    [['replay']],
    [['drop', '--kind', 'dead']],
    [['purge', 'dialog']],
    [['list', 'dialog', '--kind', 'lost']],
    [['replay', 'dialog', '--seq', '0']],
    [['replay', 'dialog', '--limit', '3']],
    [['list', 'dialog', '--seq']],
    [['list', 'dialog', '--since', 'yesterday']],
    [['list', 'dialog', 'extra']],
  ])('refuses %j', (argv) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
  });
});

describe('durableName', () => {
  it('prefixes the namespace unless it is there', () => {
    expect(durableName('dialog', 'cd')).toBe('cd-dialog');
    expect(durableName('cd-dialog', 'cd')).toBe('cd-dialog');
  });
});
