/**
 * Viber writes `message_token` as a bare 64-bit integer (e.g. 5490829281232874001). JSON.parse would
 * round it to the nearest double and two different messages could share a token, so these helpers
 * read and write such fields as decimal strings without ever passing them through a JS number.
 */

/** Fields Viber sends as 64-bit integers. */
export const VIBER_INTEGER_FIELDS: readonly string[] = ['message_token'];

/**
 * Quotes the numeric value of every `"<field>": <integer>` member in a JSON text, so that JSON.parse
 * yields the exact digits as a string. One regular expression, no scan character by character: in valid
 * JSON a quote inside a string is escaped, so `"<field>"` followed by a colon is never text inside a
 * value; it is a member name (at worst the end of an odd one such as `"x\"message_token"`, whose
 * integer would then be quoted too). Invalid JSON stays invalid: JSON.parse refuses it next.
 */
export function quoteIntegerFields(json: string, fields: readonly string[] = VIBER_INTEGER_FIELDS): string {
  if (!fields.some((f) => json.includes(f))) return json;
  return json.replace(memberPattern(fields), '"$1"$2"$3"');
}

const memberPatterns = new WeakMap<readonly string[], RegExp>();

/** `"<field>"`, the colon with any whitespace around it, and an integer that is not the start of a decimal. */
function memberPattern(fields: readonly string[]): RegExp {
  let pattern = memberPatterns.get(fields);
  if (!pattern) {
    pattern = new RegExp(`"(${fields.map(escapeRegExp).join('|')})"(\\s*:\\s*)(-?\\d+)(?![.eE\\d])`, 'g');
    memberPatterns.set(fields, pattern);
  }
  return pattern;
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
