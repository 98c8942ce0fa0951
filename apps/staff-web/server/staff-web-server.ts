import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** The services the app talks to, each reached under `/api/<name>/` on the app's own origin. */
export const API_SERVICES = ['handoff', 'dialog', 'broadcast', 'analytics'] as const;
export type ApiService = (typeof API_SERVICES)[number];

export interface StaffWebOptions {
  port: number;
  host: string;
  /** The built app (vite's output). */
  staticDir: string;
  /** Base URL of each service, e.g. `http://127.0.0.1:3002`. */
  upstreams: Record<ApiService, string>;
  /** What the browser reads from `/config.json`: settings that differ per installation. */
  publicConfig?: Record<string, unknown>;
}

export interface StaffWeb {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

// Connection-level headers belong to one hop and are not forwarded (RFC 9110, section 7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/**
 * Serves the built staff app and, on the same origin, a small reverse proxy to the APIs: `/api/handoff/x`
 * goes to handoff's `/x`, with the Authorization header and the body passed through and the answer streamed
 * back as it comes (so the operators' live feed, an event stream, flows unbuffered). In Kubernetes the
 * ingress does the same routing in front of this server.
 */
export async function startStaffWeb(opts: StaffWebOptions): Promise<StaffWeb> {
  const root = resolve(opts.staticDir);
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = /^\/api\/([a-z]+)(\/.*)?$/.exec(url.pathname);
    if (match) {
      const service = match[1] as ApiService;
      if (!(API_SERVICES as readonly string[]).includes(service)) return notFound(res);
      return proxy(req, res, opts.upstreams[service], `${match[2] ?? '/'}${url.search}`, `/api/${service}`);
    }
    if (url.pathname === '/health/live' || url.pathname === '/health/ready') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    if (url.pathname === '/config.json') {
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
      res.end(JSON.stringify(opts.publicConfig ?? {}));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res);
    await serveStatic(url.pathname, res);
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const file = normalize(join(root, decodeURIComponent(pathname)));
    if (file !== root && !file.startsWith(root + sep)) return notFound(res);
    const found = await stat(file).catch(() => undefined);
    if (found?.isFile()) {
      const hashed = pathname.startsWith('/assets/');
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': found.size,
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      createReadStream(file).pipe(res);
      return;
    }
    // Anything without a file extension is a screen of the single-page app.
    if (extname(pathname) === '') {
      const index = join(root, 'index.html');
      const page = await stat(index).catch(() => undefined);
      if (!page) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The staff app is not built: run `npm run build`.');
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES['.html'],
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      createReadStream(index).pipe(res);
      return;
    }
    notFound(res);
  }

  function proxy(
    req: IncomingMessage,
    res: ServerResponse,
    base: string,
    path: string,
    prefix: string,
  ): void {
    const target = new URL(path, base);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    // As a proxy: the address the request came from joins the chain, so that the services count
    // sign-in attempts per client (they trust this hop via TRUSTED_PROXIES), not per this server.
    const forwarded = ([] as string[]).concat(req.headers['x-forwarded-for'] ?? []).join(', ');
    const peer = req.socket.remoteAddress;
    if (forwarded || peer) headers['x-forwarded-for'] = [forwarded, peer].filter(Boolean).join(', ');
    headers['x-forwarded-host'] = req.headers.host ?? '';
    headers['x-forwarded-proto'] = 'http';
    const upstream = request(target, { method: req.method, headers }, (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
      }
      // A service's cookies are scoped to its own paths; behind the proxy those paths carry its prefix.
      if (out['set-cookie'])
        out['set-cookie'] = ([] as string[])
          .concat(out['set-cookie'])
          .map((c) => c.replace(/;\s*Path=\//i, `; Path=${prefix}/`));
      res.writeHead(answer.statusCode ?? 502, out);
      // An event stream must reach the browser event by event.
      if (String(answer.headers['content-type'] ?? '').startsWith('text/event-stream')) res.flushHeaders();
      answer.pipe(res);
      res.on('close', () => answer.destroy());
    });
    upstream.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ statusCode: 502, error: 'Bad Gateway', message: 'service unreachable' }));
      } else res.destroy();
    });
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  }

  function notFound(res: ServerResponse): void {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, opts.host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async stop() {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        // Open event streams would keep the server alive.
        for (const s of sockets) s.destroy();
      });
    },
  };
}
