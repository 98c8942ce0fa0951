import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { fetchPhoto, FetchPhotoOptions, isPrivateAddress } from './fetch-photo';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case '/photo.jpg':
        res.writeHead(200, { 'content-type': 'text/plain' }); // the claim is ignored; the bytes decide
        return res.end(JPEG);
      case '/page.html':
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        return res.end('<!doctype html><html><body>not a photo</body></html>');
      case '/endless': {
        // "JPEG" without end or length: only a reader that stops past the limit ever returns.
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        const chunk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(65532)]);
        const more = () => {
          while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', more);
        };
        return more();
      }
      case '/declared-huge':
        res.writeHead(200, { 'content-length': String(20 * 1024 * 1024) });
        return res.end();
      case '/to-photo':
        res.writeHead(302, { location: '/photo.jpg' });
        return res.end();
      case '/to-file':
        res.writeHead(302, { location: 'file:///etc/passwd' });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/slow':
        return setTimeout(() => res.end(JPEG), 2000).unref();
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const opts: FetchPhotoOptions = { maxBytes: 10 * 1024 * 1024, timeoutMs: 1000, allowPrivateHosts: true };

describe('fetching a citizen’s photo', () => {
  it('keeps a JPEG, typed by its bytes rather than by the header', async () => {
    const photo = await fetchPhoto(`${base}/photo.jpg`, opts);
    expect(photo).toMatchObject({ ok: true, contentType: 'image/jpeg' });
    expect(photo.ok && photo.bytes.equals(JPEG)).toBe(true);
  });

  it('refuses what is not an image, whatever its content type says', async () => {
    expect(await fetchPhoto(`${base}/page.html`, opts)).toMatchObject({ ok: false, reason: 'not-an-image' });
  });

  it('stops reading past 10 MB', async () => {
    // Had it read on, the time-out would have ended it as unreachable.
    expect(await fetchPhoto(`${base}/endless`, { ...opts, timeoutMs: 5000 })).toMatchObject({
      ok: false,
      reason: 'too-large',
    });
    expect(await fetchPhoto(`${base}/declared-huge`, opts)).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('follows a redirect to http(s) only, and not forever', async () => {
    expect(await fetchPhoto(`${base}/to-photo`, opts)).toMatchObject({ ok: true });
    expect(await fetchPhoto(`${base}/to-file`, opts)).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(await fetchPhoto(`${base}/loop`, opts)).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(await fetchPhoto('ftp://127.0.0.1/x.jpg', opts)).toMatchObject({
      ok: false,
      reason: 'unreachable',
    });
  });

  it('gives up after its time-out', async () => {
    const started = Date.now();
    expect(await fetchPhoto(`${base}/slow`, { ...opts, timeoutMs: 200 })).toMatchObject({
      ok: false,
      reason: 'unreachable',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses loopback and private hosts unless allowed', async () => {
    const publicOnly = { ...opts, allowPrivateHosts: false };
    expect(await fetchPhoto(`${base}/photo.jpg`, publicOnly)).toMatchObject({
      ok: false,
      reason: 'unreachable',
    });
    expect(await fetchPhoto('http://localhost/x.jpg', publicOnly)).toMatchObject({ ok: false });
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(a)).toBe(true);
    for (const a of ['93.184.216.34', '2a00:1450::1']) expect(isPrivateAddress(a)).toBe(false);
  });
});
