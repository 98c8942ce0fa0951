/** Per-installation settings the server hands the browser at /config.json. */
export interface PublicConfig {
  tileUrl: string;
  tileAttribution: string;
}

let loaded: Promise<PublicConfig> | null = null;

export function publicConfig(): Promise<PublicConfig> {
  loaded ??= fetch('/config.json')
    .then((r) => (r.ok ? r.json() : {}))
    .then((c: Partial<PublicConfig>) => ({
      tileUrl: c.tileUrl ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      tileAttribution: c.tileAttribution ?? '© OpenStreetMap contributors',
    }));
  return loaded;
}
