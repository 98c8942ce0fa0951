import { Socket } from 'node:net';
import { Client } from 'pg';

/** Checks, before anything starts, that PostgreSQL and NATS answer, and says how to fix it if not. */
export async function checkPostgres(databaseUrl: string): Promise<string | null> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (e) {
    return (
      `PostgreSQL is not reachable at ${url.host} (${(e as Error).message}).\n` +
      `  Start it with 'docker compose up -d postgres', or point DATABASE_URL at a running server.`
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkNats(natsUrl: string): Promise<string | null> {
  const first = natsUrl.split(',')[0];
  const url = new URL(first.includes('://') ? first : `nats://${first}`);
  const port = Number(url.port || 4222);
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = new Socket();
    socket.setTimeout(3000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(port, url.hostname);
  });
  return reachable
    ? null
    : `NATS is not reachable at ${url.hostname}:${port}.\n` +
        `  Start it with 'docker compose up -d nats' (or 'nats-server -js'), or point NATS_URL at a running server with JetStream.`;
}
