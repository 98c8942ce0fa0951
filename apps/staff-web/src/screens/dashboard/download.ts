import { getToken } from '../../api/clients';

/** Saves text as a file through a temporary link (the browser's own download). */
export function saveFile(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  // A BOM so that spreadsheet programs read the UTF-8 (č, ć, š, ž, Cyrillic) as UTF-8.
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads a figure as the API's own CSV (format=csv: every row and column), with the bearer token. */
export async function downloadApiCsv(
  path: string,
  query: Record<string, string>,
  name: string,
): Promise<void> {
  const qs = new URLSearchParams({ ...query, format: 'csv' });
  const res = await fetch(`/api/analytics${path}?${qs}`, {
    headers: { authorization: `Bearer ${getToken()}` },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  saveFile(name, await res.text());
}
