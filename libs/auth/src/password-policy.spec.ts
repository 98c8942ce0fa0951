import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it.each([
    ['Budva-2026!', []],
    ['correct horse battery', []],
    ['short1A', ['must be at least 10 characters long']],
    [
      'alllowercaseletters',
      ['must mix at least two of: lower-case letters, upper-case letters, digits, other characters'],
    ],
    [
      '1234567890',
      ['must mix at least two of: lower-case letters, upper-case letters, digits, other characters'],
    ],
    [
      'ababababab',
      [
        'must mix at least two of: lower-case letters, upper-case letters, digits, other characters',
        'must not repeat one or two characters',
      ],
    ],
    ['aAaAaAaAaA', ['must not repeat one or two characters']],
  ])('%s -> %j', (password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
  });

  it('refuses a password containing the email name', () => {
    expect(passwordProblems('marko.petrovic-1', { email: 'Marko.Petrovic@budva.me' })).toEqual([
      'must not contain the email address',
    ]);
  });

  it('refuses very long passwords', () => {
    expect(passwordProblems('aB3'.repeat(100))).toEqual(['must be at most 200 characters long']);
  });
});
