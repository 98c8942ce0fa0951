/**
 * Viber writes `message_token` as a bare 64-bit integer (e.g. 5490829281232874001). JSON.parse would
 * round it to the nearest double and two different messages could share a token, so these helpers
 * read and write such fields as decimal strings without ever passing them through a JS number.
 */

/** Fields Viber sends as 64-bit integers. */
export const VIBER_INTEGER_FIELDS: readonly string[] = ['message_token'];

/**
 * Quotes the numeric value of every `"<field>": <integer>` member in a JSON text, skipping anything
 * inside string values, so that JSON.parse yields the exact digits as a string.
 */
export function quoteIntegerFields(json: string, fields: readonly string[] = VIBER_INTEGER_FIELDS): string {
  let out = '';
  let i = 0;
  let lastString: string | null = null;
  let keyAwaitingValue: string | null = null;
  while (i < json.length) {
    const ch = json[i];
    if (ch === '"') {
      const end = endOfString(json, i);
      lastString = json.slice(i + 1, end);
      out += json.slice(i, end + 1);
      keyAwaitingValue = null;
      i = end + 1;
      continue;
    }
    if (ch === ':') {
      keyAwaitingValue = lastString;
      lastString = null;
      out += ch;
      i++;
      continue;
    }
    if (
      (ch === '-' || (ch >= '0' && ch <= '9')) &&
      keyAwaitingValue !== null &&
      fields.includes(keyAwaitingValue)
    ) {
      const match = /^-?\d+(?![.eE\d])/.exec(json.slice(i, i + 40));
      if (match) {
        out += `"${match[0]}"`;
        i += match[0].length;
        keyAwaitingValue = null;
        continue;
      }
    }
    if (ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') {
      lastString = null;
      keyAwaitingValue = null;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Index of the closing quote of the string starting at `start` (or the text's end if unterminated). */
function endOfString(json: string, start: number): number {
  let i = start + 1;
  while (i < json.length) {
    const ch = json[i];
    if (ch === '\\') i += 2;
    else if (ch === '"') return i;
    else i++;
  }
  return json.length;
}

/** JSON.parse that keeps Viber's 64-bit integer fields exact, as strings. */
export function parseViberJson(
  text: Buffer | string,
  fields: readonly string[] = VIBER_INTEGER_FIELDS,
): unknown {
  const source = typeof text === 'string' ? text : text.toString('utf8');
  return JSON.parse(quoteIntegerFields(source, fields));
}

/**
 * JSON.stringify that writes the given fields, when they hold a string of digits, as bare integers:
 * the way Viber itself writes message_token.
 */
export function stringifyViberJson(value: unknown, fields: readonly string[] = VIBER_INTEGER_FIELDS): string {
  let json = JSON.stringify(value);
  for (const field of fields) {
    // JSON.stringify escapes quotes inside string values, so this only matches real members.
    const member = new RegExp(`"${escapeRegExp(field)}":"(-?\\d+)"`, 'g');
    json = json.replace(member, `"${field}":$1`);
  }
  return json;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
