import { dialogEnvSchema, loadConfig } from '@citizen-desk/config';
import { eventually, waitUntilIdle } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import {
  DIALOG_CONSUMER,
  DIALOG_HANDOFF_CONSUMER,
} from '../../services/dialog/src/conversation/conversation.service';
import { startDialog } from '../../services/dialog/src/dialog.app';
import { startPlatform, VIBER_TOKEN } from './platform.fixture';
import { textMessageCallback } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
const sentTo = (p: Platform, viberId: string) =>
  p.viber.sentMessages().filter((m: { receiver?: string }) => m.receiver === viberId);

describe('nothing answered 200 is lost', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('answers every message that arrived while the dialog was down, once each, after it restarts', async () => {
    await p.dialog.stop();
    const citizens = Array.from({ length: 5 }, (_, i) => `offline-${i}==`);
    for (const c of citizens)
      expect(
        (await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback(c, 'porez'))).status,
      ).toBe(200);
    // Everyone but the stopped dialog has handled them; nobody else answers a citizen.
    await waitUntilIdle(p.namespace, { except: [DIALOG_CONSUMER, DIALOG_HANDOFF_CONSUMER] });
    expect(citizens.flatMap((c) => sentTo(p, c))).toHaveLength(0);

    const restarted = await startDialog(loadConfig(dialogEnvSchema, p.env));
    try {
      await eventually(() => citizens.every((c) => sentTo(p, c).length === 1));
      // The restarted dialog has acknowledged every message and its replies are sent: no second answer is coming.
      await waitUntilIdle(p.namespace);
      expect(citizens.map((c) => sentTo(p, c).length)).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await restarted.stop();
    }
  });

  it('answers 503 when it cannot make a callback durable, so that Viber retries it', async () => {
    await p.gateway.runtime.messaging.nc.close();
    const res = await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      textMessageCallback('broker-down==', 'zdravo'),
    );
    expect(res.status).toBe(503);
    const ready = await fetch(`${p.gateway.url}/health/ready`);
    expect(ready.status).toBe(503);
  });
});
