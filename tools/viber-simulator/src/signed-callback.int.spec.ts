import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { isValidViberSignature, parseViberCallback } from '@citizen-desk/viber';
import { postSignedCallback } from './signed-callback';

describe('postSignedCallback', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ raw: Buffer; headers: Record<string, unknown> }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ raw: Buffer.concat(chunks), headers: req.headers });
        res.statusCode = 202;
        res.end('accepted');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/viber/webhook`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('signs the raw body and writes message_token as a bare integer', async () => {
    const result = await postSignedCallback(url, 'tok', {
      event: 'seen',
      timestamp: 1,
      message_token: '5490829281232874001',
      user_id: 'u',
    });
    expect(result).toEqual({ status: 202, body: 'accepted' });
    expect(seen[0].raw.toString()).toBe(
      '{"event":"seen","timestamp":1,"message_token":5490829281232874001,"user_id":"u"}',
    );
    expect(
      isValidViberSignature(seen[0].raw, seen[0].headers['x-viber-content-signature'] as string, 'tok'),
    ).toBe(true);
    expect(parseViberCallback(seen[0].raw)).toMatchObject({
      callback: { message_token: '5490829281232874001' },
    });
  });

  it('sends a string payload byte for byte, with a given signature and extra headers', async () => {
    await postSignedCallback(url, 'tok', '{"event":"x"}', { signature: 'bad', headers: { 'x-test': '1' } });
    expect(seen[0].raw.toString()).toBe('{"event":"x"}');
    expect(seen[0].headers['x-viber-content-signature']).toBe('bad');
    expect(seen[0].headers['x-test']).toBe('1');
  });
});
