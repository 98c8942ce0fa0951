export type Cell = string | number | boolean | null | undefined;

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Spreadsheets run cells that begin with these as formulas; a citizen's text must stay text.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * RFC 4180 CSV of a table as the screen shows it (the same rules as the analytics API's own CSV): the
 * columns given, or the union of the rows' keys in first-seen order.
 */
export function toCsv(rows: ReadonlyArray<Record<string, Cell>>, columns?: readonly string[]): string {
  const cols = columns ? [...columns] : [];
  if (!columns)
    for (const row of rows) for (const key of Object.keys(row)) if (!cols.includes(key)) cols.push(key);
  return [cols.map(csvCell).join(','), ...rows.map((row) => cols.map((c) => csvCell(row[c])).join(','))]
    .map((line) => `${line}\r\n`)
    .join('');
}
