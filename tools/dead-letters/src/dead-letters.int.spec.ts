import { makeEnvelope } from '@citizen-desk/contracts';
import { connectMessaging, Messaging } from '@citizen-desk/messaging';
import { cleanupNamespace, testNamespace, testNatsUrl, waitUntilConsumersIdle } from '@citizen-desk/testing';
import { run } from './run';

/** The command against a real NATS: what a consumer dead-lettered is listed, replayed and dropped. */
const ns = testNamespace();
const env = { NATS_URL: testNatsUrl(), NATS_NAMESPACE: ns, LOG_LEVEL: 'silent' };
let messaging: Messaging;

beforeAll(async () => {
  messaging = await connectMessaging({ url: testNatsUrl(), namespace: ns, name: 'dead-letters-cli-test' });
  await messaging.ensureStream();
});

afterAll(async () => {
  await messaging.close();
  await cleanupNamespace(ns);
});

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const envelope = (n: number) =>
  makeEnvelope({
    type: 'CitizenUnsubscribed',
    version: 1,
    streamId: `citizen-${n}`,
    data: { citizenId: `viber:${n}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString() },
  });

describe('npm run dead-letters', () => {
  it('lists, replays to the original subject for that consumer, and drops', async () => {
    const subject = `${ns}.citizen.unsubscribed`;
    const [first, second] = [envelope(1), envelope(2)];
    let poisoned = true;
    const handled: string[] = [];
    const consumer = await messaging.consumeBatches({
      durable: `${ns}-cli`,
      filterSubject: subject,
      maxFailures: 1,
      backoffMs: () => 10,
      handler: async (batch) =>
        batch.map((d) => {
          if (poisoned) return { ok: false, error: new RangeError(`no room for ${d.envelope.id}`) };
          handled.push(d.envelope.id);
          return { ok: true };
        }),
    });
    try {
      await messaging.publish(first, subject);
      await messaging.publish(second, subject);
      await waitUntilConsumersIdle(ns, ['cli']);

      const counts = await cli('list');
      expect(counts).toEqual({ code: 0, out: [`${ns}-cli\tdead\t2`], err: [] });
      const listed = await cli('list', 'cli');
      expect(listed.code).toBe(0);
      expect(listed.out).toHaveLength(2);
      expect(listed.out[0]).toContain(`CitizenUnsubscribed v1 ${first.id}`);
      expect(listed.out[0]).toContain(`from ${subject}`);
      expect(listed.out[0]).toContain(`RangeError: no room for ${first.id}`);
      const json = (await cli('list', 'cli', '--json', '--limit', '1')).out.map((l) => JSON.parse(l));
      expect(json).toEqual([expect.objectContaining({ messageId: first.id, failures: 1, kind: 'dead' })]);

      poisoned = false;
      expect((await cli('replay', 'cli', '--seq', String(json[0].seq))).out).toEqual([
        `${ns}-cli: 1 replayed`,
      ]);
      await waitUntilConsumersIdle(ns, ['cli']);
      expect(handled).toEqual([first.id]);

      expect((await cli('drop', `${ns}-cli`)).out).toEqual([`${ns}-cli: 1 dropped`]);
      expect((await cli('list', 'cli')).out).toEqual([`${ns}-cli: none`]);
      expect(handled).toEqual([first.id]);
    } finally {
      await consumer.stop();
    }
  });

  it('explains its usage and exits 2 when called wrongly', async () => {
    const wrong = await cli('replay');
    expect(wrong.code).toBe(2);
    expect(wrong.err.join('\n')).toMatch(/replay needs a consumer[\s\S]*npm run dead-letters -- <command>/);
  });
});
