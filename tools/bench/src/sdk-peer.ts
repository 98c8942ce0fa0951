import { createServer } from 'node:http';

/**
 * The benchmark peer: the official viber-bot SDK's middleware answering callbacks, with no
 * durability behind it. Run as its own process by webhook.bench.ts. The SDK reads the signature
 * only from a `sig` query parameter (it looks the header up under a name Node never produces).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Bot } = require('viber-bot') as {
  Bot: new (config: object) => { middleware(): Parameters<typeof createServer>[0] };
};

const port = Number(process.env.PEER_PORT ?? 3950);
const bot = new Bot({
  authToken: process.env.PEER_TOKEN ?? 'bench-token',
  name: 'Bench',
  avatar: 'https://example.invalid/a.png',
});
createServer(bot.middleware()).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
