import { keyboardGridRows, keyboardLimitViolations } from './keyboard-limits';
import { ViberKeyboard, ViberKeyboardButton } from './outgoing-message';

const b = (Columns: number, Rows = 1, over: Partial<ViberKeyboardButton> = {}): ViberKeyboardButton => ({
  Columns,
  Rows,
  ActionType: 'reply',
  ActionBody: 'menu:main',
  Text: 'Menu',
  TextSize: 'regular',
  ...over,
});
const kb = (...Buttons: ViberKeyboardButton[]): ViberKeyboard => ({
  Type: 'keyboard',
  DefaultHeight: false,
  InputFieldState: 'regular',
  Buttons,
});

describe('Viber keyboard limits', () => {
  it.each([
    ['one full-width button', [b(6)], 1],
    ['two halves share a row', [b(3), b(3)], 1],
    ['a button that does not fit the rest of a row starts a new one', [b(4), b(3)], 2],
    ['a row is as tall as its tallest button', [b(3, 2), b(3), b(6)], 3],
    ['24 half-width buttons', Array.from({ length: 24 }, () => b(3)), 12],
  ])('lays out %s', (_name, buttons, rows) => {
    expect(keyboardGridRows(kb(...buttons))).toBe(rows);
  });

  it.each([
    ['fits', kb(b(3), b(3), b(6)), 0],
    ['25 buttons', kb(...Array.from({ length: 25 }, () => b(1))), 1],
    ['13 rows', kb(...Array.from({ length: 13 }, () => b(6))), 1],
    ['Columns 7', kb(b(7)), 1],
    ['Columns 0', kb(b(0)), 1],
    ['Rows 3', kb(b(6, 3)), 1],
    ['Text of 251 characters', kb(b(6, 1, { Text: 'x'.repeat(251) })), 1],
    ['empty Text', kb(b(6, 1, { Text: ' ' })), 1],
    ['ActionBody of 4,097 bytes', kb(b(6, 1, { ActionBody: 'é'.repeat(2048) + 'x' })), 1],
  ])('%s: %d problem(s)', (_name, keyboard, problems) => {
    expect(keyboardLimitViolations(keyboard)).toHaveLength(problems);
  });
});
