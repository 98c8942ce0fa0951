import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A receiver of a broadcast and the message token Viber answered for its batch. */
export interface ReceiptDue {
  viberId: string;
  messageToken: string;
}

/**
 * A lean stand-in for Viber's broadcast_message on 127.0.0.1, for the benchmark only. Unlike the
 * tools/viber-simulator FakeViberApi it keeps no copy of each message (a million bodies would make the
 * benchmark's own process the bottleneck); it counts, times each call, and queues a sample of receivers
 * for delivered receipts.
 */
export class LoopbackViberApi {
  calls = 0;
  receivers = 0;
  firstCallAt = 0;
  lastCallAt = 0;
  readonly receiptsDue: ReceiptDue[] = [];
  private server?: Server;
  private token = 6000000000000000000n;
  private readonly seen = new Map<string, number>();
  duplicates = 0;

  constructor(
    private readonly authToken: string,
    /** Every n-th receiver gets a delivered receipt; 0 = none. */
    private readonly receiptEvery: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/pa`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (answer) => res.writeHead(200, { 'content-type': 'application/json' }).end(answer),
        (e: unknown) => res.writeHead(500).end(String(e)),
      );
    });
    this.server.keepAliveTimeout = 10000;
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.headers['x-viber-auth-token'] !== this.authToken)
      return '{"status":2,"status_message":"invalidAuthToken"}';
    this.token += 1n;
    const token = this.token.toString();
    if (req.url?.endsWith('/broadcast_message')) {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { broadcast_list: string[] };
      const now = performance.now();
      if (this.calls === 0) this.firstCallAt = now;
      this.lastCallAt = now;
      this.calls += 1;
      for (const id of body.broadcast_list) {
        this.receivers += 1;
        const n = (this.seen.get(id) ?? 0) + 1;
        this.seen.set(id, n);
        if (n > 1) this.duplicates += 1;
        if (this.receiptEvery > 0 && this.receivers % this.receiptEvery === 0)
          this.receiptsDue.push({ viberId: id, messageToken: token });
      }
      return `{"status":0,"status_message":"ok","message_token":${token},"failed_list":[]}`;
    }
    return `{"status":0,"status_message":"ok","message_token":${token}}`;
  }

  distinctReceivers(): number {
    return this.seen.size;
  }
}
