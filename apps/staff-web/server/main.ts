import { resolve } from 'node:path';
import { API_SERVICES, ApiService, startStaffWeb } from './staff-web-server';

/**
 * The staff app's server: `node apps/staff-web/dist-server/main.js`. Every setting is an environment
 * variable with a default that fits `npm start` on one machine.
 */
const DEFAULT_PORTS: Record<ApiService, number> = {
  handoff: 3002,
  dialog: 3001,
  broadcast: 3003,
  analytics: 3004,
};

function upstream(service: ApiService): string {
  const explicit = process.env[`${service.toUpperCase()}_URL`];
  if (explicit) return explicit;
  const port = process.env[`${service.toUpperCase()}_PORT`] ?? String(DEFAULT_PORTS[service]);
  return `http://127.0.0.1:${port}`;
}

async function main(): Promise<void> {
  const upstreams = Object.fromEntries(API_SERVICES.map((s) => [s, upstream(s)])) as Record<
    ApiService,
    string
  >;
  const web = await startStaffWeb({
    port: Number(process.env.STAFF_WEB_PORT ?? 3005),
    host: process.env.HOST ?? '127.0.0.1',
    staticDir: process.env.STAFF_WEB_STATIC_DIR ?? resolve(__dirname, '../dist'),
    upstreams,
    publicConfig: {
      // OpenStreetMap's tiles by default; point it at the municipality's own tile server in production.
      tileUrl: process.env.MAP_TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      tileAttribution: process.env.MAP_TILE_ATTRIBUTION ?? '© OpenStreetMap contributors',
    },
  });
  process.stdout.write(`staff web app listening on ${web.url}\n`);
  const stop = () => void web.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
