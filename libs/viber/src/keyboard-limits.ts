import { ViberKeyboard } from './outgoing-message';

/**
 * What a keyboard must respect to show on a citizen's phone as we intend. Sources: Viber's REST Bot
 * API keyboard documentation (developers.viber.com/docs/tools/keyboards, creators.viber.com/docs/bots-api
 * → Keyboards): button Columns 1–6 and Rows 1–2 on a grid six columns wide; /work/shared/VIBER.md: up
 * to 12 rows show in portrait mode. The button count, Text and ActionBody caps are the limits our
 * channel-neutral contract (libs/contracts buttonSchema, keyboardSchema) and the team's brief set.
 */
export const VIBER_KEYBOARD_GRID_COLUMNS = 6;
export const VIBER_BUTTON_MIN_COLUMNS = 1;
export const VIBER_BUTTON_MAX_COLUMNS = 6;
export const VIBER_BUTTON_MIN_ROWS = 1;
export const VIBER_BUTTON_MAX_ROWS = 2;
/** Rows a portrait screen shows without scrolling (VIBER.md): every button of a menu must be in sight. */
export const VIBER_KEYBOARD_VISIBLE_ROWS = 12;
/** Buttons in one keyboard (our contract's cap; also the most the 12×6 grid can hold at 3 columns each). */
export const VIBER_KEYBOARD_MAX_BUTTONS = 24;
/** Characters of a button's Text (our contract's cap). */
export const VIBER_BUTTON_MAX_TEXT = 250;
/** Bytes of a button's ActionBody, UTF-8. */
export const VIBER_BUTTON_MAX_ACTION_BODY_BYTES = 4096;

/**
 * The grid rows a keyboard takes: buttons are laid left to right; one that does not fit the rest of
 * the current row starts a new row; a row is as tall as its tallest button.
 */
export function keyboardGridRows(keyboard: ViberKeyboard): number {
  let rows = 0;
  let used = VIBER_KEYBOARD_GRID_COLUMNS;
  let height = 0;
  for (const b of keyboard.Buttons) {
    if (used + b.Columns > VIBER_KEYBOARD_GRID_COLUMNS) {
      rows += height;
      used = 0;
      height = 0;
    }
    used += b.Columns;
    height = Math.max(height, b.Rows);
  }
  return rows + height;
}

/** Every way a keyboard breaks the limits above, in words; empty when it fits. */
export function keyboardLimitViolations(keyboard: ViberKeyboard): string[] {
  const problems: string[] = [];
  const buttons = keyboard.Buttons;
  if (buttons.length < 1) problems.push('a keyboard needs at least one button');
  if (buttons.length > VIBER_KEYBOARD_MAX_BUTTONS)
    problems.push(`${buttons.length} buttons, over ${VIBER_KEYBOARD_MAX_BUTTONS}`);
  buttons.forEach((b, i) => {
    const which = `button ${i + 1} (${b.ActionBody})`;
    if (
      !Number.isInteger(b.Columns) ||
      b.Columns < VIBER_BUTTON_MIN_COLUMNS ||
      b.Columns > VIBER_BUTTON_MAX_COLUMNS
    )
      problems.push(
        `${which}: Columns ${b.Columns} outside ${VIBER_BUTTON_MIN_COLUMNS}–${VIBER_BUTTON_MAX_COLUMNS}`,
      );
    if (!Number.isInteger(b.Rows) || b.Rows < VIBER_BUTTON_MIN_ROWS || b.Rows > VIBER_BUTTON_MAX_ROWS)
      problems.push(`${which}: Rows ${b.Rows} outside ${VIBER_BUTTON_MIN_ROWS}–${VIBER_BUTTON_MAX_ROWS}`);
    if (b.Text.trim() === '') problems.push(`${which}: empty Text`);
    if (b.Text.length > VIBER_BUTTON_MAX_TEXT)
      problems.push(`${which}: Text of ${b.Text.length} characters, over ${VIBER_BUTTON_MAX_TEXT}`);
    const bytes = Buffer.byteLength(b.ActionBody, 'utf8');
    if (bytes === 0 || bytes > VIBER_BUTTON_MAX_ACTION_BODY_BYTES)
      problems.push(`${which}: ActionBody of ${bytes} bytes, not 1–${VIBER_BUTTON_MAX_ACTION_BODY_BYTES}`);
  });
  const rows = keyboardGridRows(keyboard);
  if (rows > VIBER_KEYBOARD_VISIBLE_ROWS)
    problems.push(
      `${rows} rows of ${VIBER_KEYBOARD_GRID_COLUMNS} columns, over ${VIBER_KEYBOARD_VISIBLE_ROWS}`,
    );
  return problems;
}
