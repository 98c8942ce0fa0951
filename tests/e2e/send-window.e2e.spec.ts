import { StaffClaims } from '@citizen-desk/auth';
import { gatewayEnvSchema, loadConfig } from '@citizen-desk/config';
import { Envelope } from '@citizen-desk/contracts';
import { metricsRegistry } from '@citizen-desk/observability';
import { callJson, eventually, waitUntilIdle } from '@citizen-desk/testing';
import {
  FakeDelivery,
  postSignedCallback,
  receiptCallback,
  subscriptionCallback,
} from '@citizen-desk/viber-simulator';
import { startGateway } from '../../services/gateway/src/gateway.app';
import { staffTokenOf, startPlatform, VIBER_TOKEN } from './platform.fixture';
import { nextToken, textMessageCallback } from './viber-callbacks';

/**
 * The send window: Viber has no idempotency key, so a gateway that dies after Viber answered and
 * before it recorded the answer cannot know what happened. A fault injected right there (the batch is
 * neither recorded nor acknowledged, exactly as after a SIGKILL; the chaos suite kills real processes)
 * must lead to one resend of a citizen's reply, never a second, and to no blind resend of a broadcast
 * batch, which is reconciled from Viber's delivered receipts instead.
 */
type Platform = Awaited<ReturnType<typeof startPlatform>>;
const DEPARTMENT = 'local-self-government';

class CrashInTheSendWindow extends Error {}

/** Which command crashes after its call, and what the test saw at that moment. */
interface Faults {
  /** The first command of this type to be called crashes this many times (each of its calls, in turn). */
  crash: { type: string; times: number };
  /** That command, once called. */
  target?: string;
  /** Per command id: how often Viber was called for it. */
  calls: Map<string, number>;
  /** Per command id: the intent's state right after Viber answered (before anything was recorded). */
  intentAtCall: Map<string, string | undefined>;
  /** Runs before a broadcast crash (e.g. posts receipts for what reached the phones). */
  beforeBroadcastCrash?: () => Promise<void>;
}

async function uncertainCount(kind: 'send_message' | 'broadcast_message'): Promise<number> {
  const metric = metricsRegistry.getSingleMetric('citizen_desk_uncertain_sends_total');
  const values = metric ? (await metric.get()).values : [];
  return values.find((v) => v.labels.kind === kind)?.value ?? 0;
}

/** Replaces the platform's gateway with one whose sender crashes where `faults` says. */
async function withFaultyGateway(p: Platform, faults: Faults): Promise<void> {
  await p.gateway.stop();
  p.gateway = await startGateway(loadConfig(gatewayEnvSchema, p.env), {
    afterViberCall: async (command: Envelope) => {
      faults.calls.set(command.id, (faults.calls.get(command.id) ?? 0) + 1);
      const key =
        command.type === 'BroadcastToCitizens'
          ? `batch:${(command.data as { batchId: string }).batchId}`
          : command.id;
      const rows: Array<{ state: string; command_id: string }> = await p.gateway.runtime.dataSource.query(
        'SELECT state, command_id FROM send_intents WHERE send_key = $1',
        [key],
      );
      if (!faults.intentAtCall.has(command.id))
        faults.intentAtCall.set(command.id, rows[0]?.command_id === command.id ? rows[0].state : undefined);
      if (command.type !== faults.crash.type) return;
      faults.target ??= command.id;
      if (faults.target !== command.id || faults.crash.times === 0) return;
      faults.crash.times -= 1;
      if (command.type === 'BroadcastToCitizens') await faults.beforeBroadcastCrash?.();
      throw new CrashInTheSendWindow(`crash after Viber answered ${command.type} ${command.id}`);
    },
  });
  p.webhookUrl = `${p.gateway.url}/viber/webhook`;
}

const newFaults = (type = 'none', times = 0): Faults => ({
  crash: { type, times },
  calls: new Map(),
  intentAtCall: new Map(),
});

async function outcomesOf(p: Platform, commandId: string): Promise<string[]> {
  const rows: Array<{ type: string }> = await p.gateway.runtime.dataSource.query(
    'SELECT type FROM events WHERE stream_id = $1',
    [`outbound-${commandId}`],
  );
  return rows.map((r) => r.type);
}

const viaSend = (p: Platform, viberId: string) =>
  p.viber.deliveries().filter((d) => d.via === 'send_message' && d.receiver === viberId);

describe('the send window: a citizen’s reply', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('records the intent before calling Viber, and resends a reply cut short exactly once', async () => {
    const faults = newFaults('SendMessageToCitizen', 1);
    await withFaultyGateway(p, faults);
    const before = await uncertainCount('send_message');
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback('window-1==', 'zdravo'));
    const crashed = await eventually(() => faults.target, { timeoutMs: 30000, message: 'a reply called' });
    await eventually(async () => (await outcomesOf(p, crashed)).includes('MessageSent'), {
      timeoutMs: 30000,
      message: 'the resend recorded',
    });
    await waitUntilIdle(p.namespace, { timeoutMs: 30000 });
    expect(faults.intentAtCall.get(crashed)).toBe('calling');
    // The crashed reply was called twice (one duplicate, no more), every other command once.
    const calls = [...faults.calls].map(([id, n]) => (id === crashed ? n - 1 : n));
    expect(calls.every((n) => n === 1)).toBe(true);
    expect(faults.calls.get(crashed)).toBe(2);
    expect(viaSend(p, 'window-1==')).toHaveLength(faults.calls.size + 1);
    expect(await uncertainCount('send_message')).toBe(before + 1);
  });

  it('never sends a reply a third time when its resend is cut short too: it is recorded as uncertain', async () => {
    const faults = newFaults('SendMessageToCitizen', 2);
    await withFaultyGateway(p, faults);
    const before = await uncertainCount('send_message');
    p.viber.reset();
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback('window-2==', 'zdravo'));
    const crashed = await eventually(() => faults.target, { timeoutMs: 30000, message: 'a reply called' });
    await eventually(async () => (await outcomesOf(p, crashed)).includes('MessageSendUncertain'), {
      timeoutMs: 30000,
      message: 'the send recorded as uncertain',
    });
    expect(await outcomesOf(p, crashed)).toEqual(['MessageSendUncertain']);
    expect(faults.calls.get(crashed)).toBe(2);
    expect(await uncertainCount('send_message')).toBe(before + 2);
  });

  it('retries a transient failure past any number of attempts instead of recording it as failed', async () => {
    await withFaultyGateway(p, newFaults());
    p.viber.reset();
    p.viber.failNext(9, { httpStatus: 503 });
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback('window-3==', 'zdravo'));
    await eventually(() => viaSend(p, 'window-3==').length > 0, { timeoutMs: 60000 });
    const failed: unknown[] = await p.gateway.runtime.dataSource.query(
      `SELECT 1 FROM events WHERE type = 'MessageSendFailed' AND data->>'citizenId' = $1`,
      [await p.citizenIdOf('window-3==')],
    );
    expect(failed).toEqual([]);
  });
});

describe('the send window: a broadcast batch', () => {
  let p: Platform;
  let author: string;
  let boss: string;
  const citizens = Array.from({ length: 20 }, (_, i) => `bw${String(i).padStart(3, '0')}==`);
  const staff = (sub: string, roles: StaffClaims['roles']) =>
    staffTokenOf({ sub, email: `${sub}@budva.local`, name: sub, roles, departments: [DEPARTMENT] });

  beforeAll(async () => {
    p = await startPlatform({
      BROADCAST_BATCH_SIZE: '10',
      // One batch at a time: the crash cuts short exactly one batch.
      BROADCAST_MAX_BATCHES_IN_FLIGHT: '1',
      BROADCAST_UNCERTAIN_WAIT_SECONDS: '1',
    });
    author = await staff('ana-author', ['editor']);
    boss = await staff('boris-boss', ['supervisor']);
    for (const viberId of citizens) {
      const res = await postSignedCallback(
        p.webhookUrl,
        VIBER_TOKEN,
        subscriptionCallback({ viberId, name: 'Građanin' }, 'subscribed', nextToken(), Date.now()),
      );
      expect(res.status).toBe(200);
    }
    await eventually(
      async () =>
        (
          (await callJson(p.broadcast.url, 'GET', '/broadcast/audience', { token: boss })).body as {
            total: number;
          }
        ).total === citizens.length,
      { timeoutMs: 20000, message: 'subscribers projected' },
    );
  });
  afterAll(async () => {
    await p?.stop();
  });

  async function runCampaign(): Promise<{ stats: { sent: number; failed: { total: number } } }> {
    const call = (token: string, path: string, body: unknown = {}) =>
      callJson(p.broadcast.url, 'POST', path, { token, body });
    const created = await call(author, '/broadcast/campaigns', {
      title: 'Voda',
      department: DEPARTMENT,
      content: {
        texts: { 'cnr-Latn': 'Sjutra nema vode.', 'cnr-Cyrl': 'Сјутра нема воде.', en: 'No water.' },
      },
    });
    const id = (created.body as { id: string }).id;
    await call(author, `/broadcast/campaigns/${id}/submit`);
    await call(boss, `/broadcast/campaigns/${id}/approve`);
    return eventually(
      async () => {
        const r = await callJson(p.broadcast.url, 'GET', `/broadcast/campaigns/${id}`, { token: boss });
        const c = r.body as { status: string; stats: { sent: number; failed: { total: number } } };
        return c.status === 'completed' ? c : undefined;
      },
      { timeoutMs: 60000, intervalMs: 200, message: `campaign ${id} completed` },
    );
  }

  const broadcastCounts = () => {
    const counts = new Map<string, number>();
    for (const d of p.viber.deliveries())
      if (d.via === 'broadcast_message') counts.set(d.receiver, (counts.get(d.receiver) ?? 0) + 1);
    return counts;
  };
  const broadcastCalls = () => p.viber.requests.filter((r) => r.path.endsWith('/broadcast_message')).length;

  it('does not resend a batch cut short: its recipients are reconciled from their delivered receipts', async () => {
    p.viber.reset();
    const faults = newFaults('BroadcastToCitizens', 1);
    // The phones acknowledge what reached them (the token of the lost answer) before the gateway comes back.
    faults.beforeBroadcastCrash = async () => {
      const all = p.viber.deliveries().filter((d) => d.via === 'broadcast_message');
      const token = all[all.length - 1].messageToken;
      const reached: FakeDelivery[] = all.filter((d) => d.messageToken === token);
      for (const d of reached)
        await postSignedCallback(
          p.webhookUrl,
          VIBER_TOKEN,
          receiptCallback('delivered', d.receiver, d.messageToken, Date.now()),
        );
      await eventually(
        async () =>
          Number(
            (
              await p.broadcast.runtime.dataSource.query(
                'SELECT count(*) AS n FROM unmatched_receipts WHERE channel_message_id = $1',
                [token],
              )
            )[0].n,
          ) === reached.length,
        { timeoutMs: 20000, message: 'receipts waiting for their batch' },
      );
    };
    await withFaultyGateway(p, faults);
    const before = await uncertainCount('broadcast_message');
    const done = await runCampaign();
    const counts = broadcastCounts();
    expect({
      missing: citizens.filter((c) => !counts.has(c)),
      twice: [...counts].filter(([, n]) => n > 1).map(([c]) => c),
    }).toEqual({ missing: [], twice: [] });
    expect(broadcastCalls()).toBe(2);
    expect(done.stats).toMatchObject({ sent: 20, failed: { total: 0 } });
    expect(await uncertainCount('broadcast_message')).toBe(before + 1);
    // The intent was there when Viber answered, before anything was recorded.
    expect([...faults.intentAtCall.values()]).toEqual(['calling', 'calling']);
  });

  it('sends once more, and only once, to recipients of a batch cut short that no receipt accounts for', async () => {
    p.viber.reset();
    const faults = newFaults('BroadcastToCitizens', 1);
    let cutShort: string[] = [];
    faults.beforeBroadcastCrash = async () => {
      const all = p.viber.deliveries().filter((d) => d.via === 'broadcast_message');
      const token = all[all.length - 1].messageToken;
      cutShort = all.filter((d) => d.messageToken === token).map((d) => d.receiver);
    };
    await withFaultyGateway(p, faults);
    const done = await runCampaign();
    const counts = broadcastCounts();
    expect(cutShort).toHaveLength(10);
    expect(citizens.filter((c) => counts.get(c) !== (cutShort.includes(c) ? 2 : 1))).toEqual([]);
    // Two batches and one batch of the recipients sent to once more.
    expect(broadcastCalls()).toBe(3);
    expect(done.stats).toMatchObject({ sent: 20, failed: { total: 0 } });
  });
});
