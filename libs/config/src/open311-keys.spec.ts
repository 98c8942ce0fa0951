import { ConfigError, handoffEnvSchema, loadConfig } from './env';

const load = (keys?: string) =>
  loadConfig(handoffEnvSchema, keys === undefined ? {} : { OPEN311_DEPARTMENT_KEYS: keys });
const problems = (keys: string) => {
  try {
    load(keys);
  } catch (e) {
    return (e as ConfigError).issues.join('; ');
  }
  return 'accepted';
};

describe('OPEN311_DEPARTMENT_KEYS', () => {
  it('maps departments to their keys, and none when unset', () => {
    expect(load().OPEN311_DEPARTMENT_KEYS).toEqual({});
    const keys = {
      'communal-police': ['police-key-0123456789'],
      roads: ['roads-key-0123456789', 'roads-2-0123456789'],
    };
    expect(load(JSON.stringify(keys)).OPEN311_DEPARTMENT_KEYS).toEqual(keys);
  });

  it.each([
    ['not JSON', '{communal-police: x}', /must be JSON/],
    ['a short key', JSON.stringify({ roads: ['short'] }), /16 characters/],
    [
      'a department that is no id',
      JSON.stringify({ 'Roads Dept': ['roads-key-0123456789'] }),
      /department ids/,
    ],
    ['no key at all', JSON.stringify({ roads: [] }), /OPEN311_DEPARTMENT_KEYS/],
    [
      'one key for two departments',
      JSON.stringify({ roads: ['shared-key-0123456789'], 'communal-police': ['shared-key-0123456789'] }),
      /one department only/,
    ],
  ])('refuses %s, naming the variable', (_name, keys, message) => {
    const said = problems(keys);
    expect(said).toMatch(message);
    expect(said).toContain('OPEN311_DEPARTMENT_KEYS');
  });
});

describe('HANDOFF_PUBLIC_URL', () => {
  it('is a scheme and a host, nothing more', () => {
    const url = (v: string) => loadConfig(handoffEnvSchema, { HANDOFF_PUBLIC_URL: v }).HANDOFF_PUBLIC_URL;
    expect(url('https://desk.budva.me')).toBe('https://desk.budva.me');
    expect(() => url('https://desk.budva.me/open311')).toThrow(/scheme and host only/);
    expect(() => url('desk.budva.me')).toThrow(ConfigError);
  });
});
