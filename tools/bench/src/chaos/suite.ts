import { ChildProcess } from 'node:child_process';
import { serviceTestEnv, startServiceProcess, testNamespace, waitUntilIdle } from '@citizen-desk/testing';
import { signViberBody, stringifyViberJson } from '@citizen-desk/viber';
import {
  FakeDelivery,
  FakeViberApi,
  messageCallback,
  receiptCallback,
  subscriptionCallback,
} from '@citizen-desk/viber-simulator';
import { Client } from 'pg';
import { OwnNats, OwnPostgres } from './infra';
import { CampaignTally, QuestionsTally, tallyCampaign, tallyQuestions } from './report';
import { staffTokensFor } from '../staff-tokens';

export const SERVICES = ['gateway', 'dialog', 'handoff', 'broadcast', 'analytics'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const SCENARIOS = [
  ...SERVICES.map((s) => `kill-${s}` as const),
  'pg-outage',
  'pg-outage-long',
  'nats-restart',
  'campaign',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ChaosOptions {
  scenarios: ScenarioName[];
  /** New citizens' questions per second during a scenario. */
  rate: number;
  /** How long the load lasts per scenario. */
  seconds: number;
  /** When into the load the fault is injected. */
  faultAfterSeconds: number;
  /** How long a killed service or NATS stays down. */
  downSeconds: number;
  /** How long PostgreSQL stays down (pg-outage). */
  pgOutageSeconds: number;
  /** How long PostgreSQL stays down in pg-outage-long. */
  pgLongOutageSeconds: number;
  /**
   * The declared in-flight window: Viber calls a gateway begins and has not yet recorded
   * (SENDER_MAX_IN_FLIGHT), and batches a campaign hands the gateway at once. Only what was in it at a
   * kill may be sent twice.
   */
  inFlight: number;
  /** Campaign recipients. */
  recipients: number;
  /** How long Viber keeps re-sending a callback that was not answered 200. */
  resendSeconds: number;
  /** Longest wait for the answers (or a campaign) after the load. */
  settleSeconds: number;
  portBase: number;
  pgPort: number;
  natsPort: number;
  verbose: boolean;
}

export const DEFAULTS: ChaosOptions = {
  scenarios: [...SCENARIOS],
  rate: 10,
  seconds: 12,
  faultAfterSeconds: 4,
  downSeconds: 3,
  pgOutageSeconds: 10,
  pgLongOutageSeconds: 600,
  inFlight: 8,
  recipients: 100_000,
  resendSeconds: 900,
  settleSeconds: 300,
  portBase: 3400,
  pgPort: 55432,
  natsPort: 54222,
  verbose: false,
};

/** Back-off of transient failures, shortened so that the platform resumes soon after a long outage. */
const RETRY_MAX_MS = 5000;
/** How long recipients of an uncertain batch wait for their receipts before being sent to again. */
const UNCERTAIN_WAIT_SECONDS = 30;

export interface ChaosResult {
  questions: QuestionsTally[];
  campaigns: CampaignTally[];
}

const TOKEN = 'chaos-token';
const DEPARTMENT = 'local-self-government';
const QUESTION = 'Koliko iznosi porez na nepokretnosti?';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let tokenCounter = 7_300_000_000_000_000_000n + BigInt(Date.now() % 1_000_000) * 1_000_000n;
const nextToken = () => (tokenCounter += 1n).toString();

/** The five services as processes; one that dies without being killed on purpose is started again, as Kubernetes would. */
class Platform {
  private readonly children = new Map<ServiceName, ChildProcess>();
  private readonly killed = new Set<ServiceName>();
  private closing = false;
  restarts = 0;
  /** Uncertain sends counted by gateway processes gone since, and the live one's count when last read. */
  private uncertainOfGone = 0;
  private uncertainLastRead = 0;

  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly o: ChaosOptions,
    private readonly log: (line: string) => void,
  ) {}

  port(name: ServiceName): number {
    return this.o.portBase + SERVICES.indexOf(name);
  }

  async start(name: ServiceName): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const child = await startServiceProcess(name, {
          port: this.port(name),
          env: this.env,
          showOutput: this.o.verbose,
          timeoutMs: 120_000,
        });
        this.children.set(name, child);
        if (name === 'gateway') this.uncertainLastRead = 0;
        child.once('exit', (code, signal) => {
          // What the gone gateway counted since it was last read is lost with it.
          if (name === 'gateway') this.uncertainOfGone += this.uncertainLastRead;
          if (this.closing || this.killed.has(name)) return;
          this.log(`  ${name} exited (${signal ?? code}); starting it again`);
          this.restarts += 1;
          void sleep(1000).then(() => (this.closing ? undefined : this.start(name)));
        });
        return;
      } catch (e) {
        if (attempt >= 5 || this.closing) throw e;
        await sleep(2000);
      }
    }
  }

  async startAll(): Promise<void> {
    await this.start('gateway');
    await Promise.all(SERVICES.slice(1).map((s) => this.start(s)));
  }

  /**
   * Uncertain sends found by every gateway process so far (citizen_desk_uncertain_sends_total, read
   * from /metrics; a process's count is read again just before it is killed).
   */
  async uncertainSends(): Promise<number> {
    try {
      const text = await (
        await fetch(`http://127.0.0.1:${this.port('gateway')}/metrics`, { signal: AbortSignal.timeout(5000) })
      ).text();
      let sum = 0;
      for (const m of text.matchAll(/^citizen_desk_uncertain_sends_total\{[^}]*\} ([0-9.e+]+)$/gm))
        sum += Number(m[1]);
      this.uncertainLastRead = sum;
    } catch {
      // Down right now: what was read last stands.
    }
    return this.uncertainOfGone + this.uncertainLastRead;
  }

  async kill(name: ServiceName): Promise<void> {
    const child = this.children.get(name);
    if (!child || child.exitCode !== null) return;
    if (name === 'gateway') await this.uncertainSends();
    this.killed.add(name);
    await new Promise((r) => (child.once('exit', r), child.kill('SIGKILL')));
  }

  async revive(name: ServiceName): Promise<void> {
    this.killed.delete(name);
    await this.start(name);
  }

  async stopAll(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.children.values()].map((c) =>
        c.exitCode === null && c.signalCode === null
          ? new Promise((r) => (c.once('exit', r), c.kill('SIGTERM')))
          : undefined,
      ),
    );
  }
}

/** Posts a signed callback to the gateway; a refused connection or a time-out counts as not 200. */
async function post(gatewayPort: number, payload: Record<string, unknown>): Promise<number> {
  const body = stringifyViberJson(payload);
  try {
    const res = await fetch(`http://127.0.0.1:${gatewayPort}/viber/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-viber-content-signature': signViberBody(body, TOKEN),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** As Viber does: the same callback, same token, again and again with back-off, until it gets 200. */
async function deliverLikeViber(gatewayPort: number, payload: Record<string, unknown>, until: number) {
  for (let k = 0; ; k++) {
    if ((await post(gatewayPort, payload)) === 200) return true;
    if (Date.now() > until) return false;
    await sleep(Math.min(2000, 100 * 2 ** k));
  }
}

async function api<T>(port: number, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function until(
  what: string,
  done: () => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(done)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
  void what;
  return true;
}

/**
 * Runs the chosen scenarios against one platform on the suite's own PostgreSQL and NATS, and counts
 * at the fake Viber API what each fault cost. Cleans everything up, also on failure.
 */
export async function runChaos(
  o: ChaosOptions,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<ChaosResult> {
  const pg = new OwnPostgres(o.pgPort);
  const nats = new OwnNats(o.natsPort);
  const fake = new FakeViberApi({ authToken: TOKEN });
  const ns = testNamespace();
  const result: ChaosResult = { questions: [], campaigns: [] };
  let platform: Platform | undefined;
  try {
    await pg.init();
    await nats.start();
    await fake.start();
    process.env.TEST_DATABASE_URL = pg.url;
    process.env.TEST_NATS_URL = nats.url;
    const env = serviceTestEnv(ns, {
      NODE_ENV: 'development',
      DATABASE_URL: pg.url,
      DATABASE_CREATE: 'true',
      DATABASE_POOL_SIZE: '5',
      NATS_URL: nats.url,
      VIBER_AUTH_TOKEN: TOKEN,
      VIBER_API_URL: fake.url,
      LOG_LEVEL: o.verbose ? 'info' : 'error',
      BROADCAST_POLL_MS: '200',
      // A campaign slow enough, and a declared in-flight window small enough, that the kills land mid-send.
      BROADCAST_MAX_BATCHES_IN_FLIGHT: String(o.inFlight),
      SENDER_MAX_IN_FLIGHT: String(o.inFlight),
      VIBER_BROADCAST_RATE_PER_SECOND: '5',
      VIBER_BROADCAST_PER_10_SECONDS: '50',
      VIBER_RETRY_MAX_MS: String(RETRY_MAX_MS),
      BROADCAST_UNCERTAIN_WAIT_SECONDS: String(UNCERTAIN_WAIT_SECONDS),
      ...Object.fromEntries(SERVICES.map((s, i) => [`${s.toUpperCase()}_PORT`, String(o.portBase + i)])),
    });
    log(
      `chaos: PostgreSQL on 127.0.0.1:${o.pgPort} (${pg.dir}), NATS on 127.0.0.1:${o.natsPort}, services on ${o.portBase}–${o.portBase + 4}`,
    );
    const p = (platform = new Platform(env, o, log));
    await p.startAll();
    const gw = () => p.port('gateway');

    // How many messages one question from a new citizen gets when nothing goes wrong.
    const warm = Array.from({ length: 3 }, (_, i) => `${ns}-warm-${i}`);
    for (const [i, c] of warm.entries()) await deliverLikeViber(gw(), question(c, i), Date.now() + 60_000);
    await until('warm-up answers', () => warm.every((c) => receiversOf(fake).includes(c)), 60_000);
    await waitUntilIdle(ns, { timeoutMs: 60_000 }).catch(() => undefined);
    const perQuestion = Math.max(...warm.map((c) => receiversOf(fake).filter((r) => r === c).length));

    for (const scenario of o.scenarios) {
      fake.reset();
      const restartsBefore = p.restarts;
      const uncertainBefore = await p.uncertainSends();
      if (scenario === 'campaign') {
        log(
          `scenario campaign: ${o.recipients} recipients, broadcast and then gateway SIGKILLed while sending`,
        );
        result.campaigns.push(
          await campaignScenario(o, ns, pg.url, p, fake, log, restartsBefore, uncertainBefore),
        );
        continue;
      }
      log(
        `scenario ${scenario}: ${o.rate} questions/s for ${o.seconds} s, fault after ${o.faultAfterSeconds} s`,
      );
      const fault = async () => {
        await sleep(o.faultAfterSeconds * 1000);
        if (scenario.startsWith('kill-')) {
          const name = scenario.slice(5) as ServiceName;
          await p.kill(name);
          await sleep(o.downSeconds * 1000);
          await p.revive(name);
        } else if (scenario === 'pg-outage' || scenario === 'pg-outage-long') {
          await pg.stopImmediately();
          await sleep((scenario === 'pg-outage' ? o.pgOutageSeconds : o.pgLongOutageSeconds) * 1000);
          await pg.start();
        } else if (scenario === 'nats-restart') {
          await nats.kill();
          await sleep(o.downSeconds * 1000);
          await nats.start();
        }
      };
      const total = Math.max(1, Math.round(o.rate * o.seconds));
      const started = Date.now();
      const resendUntil = started + (o.seconds + o.resendSeconds) * 1000;
      const acked: string[] = [];
      let notAcked = 0;
      const asks: Array<Promise<void>> = [];
      const faulting = fault();
      for (let i = 0; i < total; i++) {
        const wait = started + (i * 1000) / o.rate - Date.now();
        if (wait > 0) await sleep(wait);
        const citizen = `${ns}-${scenario}-${i}`;
        asks.push(
          deliverLikeViber(gw(), question(citizen, i), resendUntil).then((ok) => {
            if (ok) acked.push(citizen);
            else notAcked += 1;
          }),
        );
      }
      await faulting;
      await Promise.all(asks);
      await until(
        'answers',
        () => {
          const got = new Set(receiversOf(fake));
          return acked.every((c) => got.has(c));
        },
        o.settleSeconds * 1000,
      );
      await waitUntilIdle(ns, { timeoutMs: o.settleSeconds * 1000 }).catch((e: Error) =>
        log(`  not idle: ${e.message}`),
      );
      await sleep(2000);
      result.questions.push(
        tallyQuestions(
          scenario,
          acked,
          notAcked,
          receiversOf(fake),
          p.restarts - restartsBefore,
          perQuestion,
          (await p.uncertainSends()) - uncertainBefore,
        ),
      );
    }
  } finally {
    await platform?.stopAll().catch(() => undefined);
    await fake.stop().catch(() => undefined);
    await nats.destroy().catch(() => undefined);
    await pg.destroy().catch(() => undefined);
  }
  return result;
}

function question(viberId: string, i: number): Record<string, unknown> {
  return messageCallback(
    { viberId, name: 'Građanin' },
    { type: 'text', text: QUESTION },
    nextToken(),
    Date.now() + i,
  );
}

const receiversOf = (fake: FakeViberApi) =>
  fake
    .deliveries()
    .filter((d) => d.via === 'send_message')
    .map((d) => d.receiver);

/**
 * Viber's delivered receipts for the campaign's messages, posted like Viber posts callbacks: again and
 * again until answered 200 (the gateway may be down). They are what an uncertain batch is reconciled from.
 */
class CampaignReceipts {
  private readonly queue: FakeDelivery[] = [];
  private running = 0;
  private stopped = false;
  private readonly onMessage = (d: FakeDelivery) => {
    if (d.via !== 'broadcast_message' || !this.ours.has(d.receiver)) return;
    this.queue.push(d);
    this.pump();
  };

  constructor(
    private readonly fake: FakeViberApi,
    private readonly gatewayPort: () => number,
    private readonly ours: ReadonlySet<string>,
    private readonly until: number,
  ) {
    fake.on('message', this.onMessage);
  }

  stop(): void {
    this.stopped = true;
    this.fake.off('message', this.onMessage);
  }

  private pump(): void {
    while (!this.stopped && this.running < 32 && this.queue.length > 0) {
      const d = this.queue.shift()!;
      this.running += 1;
      void deliverLikeViber(
        this.gatewayPort(),
        receiptCallback('delivered', d.receiver, d.messageToken, Date.now()),
        this.until,
      ).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }
}

/**
 * The recipients of the batches a killed gateway had begun and not recorded (its send intents still
 * `calling`, their commands unprocessed): the in-flight window at the kill, read before it restarts.
 */
async function inFlightAtKill(pgUrl: string, ns: string): Promise<{ batches: number; recipients: string[] }> {
  const db = new Client({ connectionString: pgUrl });
  await db.connect();
  try {
    // Recipients are pseudonyms; the fake Viber knows them by the Viber ids they stand for.
    const rows: Array<{ citizen_id: string; batch_id: string }> = (
      await db.query(
        `SELECT k.viber_id AS citizen_id, r.batch_id FROM ${ns}_gateway.send_intents i
           JOIN ${ns}_broadcast.campaign_recipients r ON 'batch:' || r.batch_id = i.send_key
           JOIN ${ns}_privacy.citizen_keys k ON k.citizen_id = r.citizen_id
          WHERE i.kind = 'broadcast_message' AND i.state = 'calling'
            AND NOT EXISTS (SELECT 1 FROM ${ns}_gateway.processed_messages p
                             WHERE p.consumer = 'gateway-sender' AND p.message_id = i.command_id)`,
      )
    ).rows;
    return { batches: new Set(rows.map((r) => r.batch_id)).size, recipients: rows.map((r) => r.citizen_id) };
  } finally {
    await db.end();
  }
}

async function campaignScenario(
  o: ChaosOptions,
  ns: string,
  pgUrl: string,
  p: Platform,
  fake: FakeViberApi,
  log: (line: string) => void,
  restartsBefore: number,
  uncertainBefore: number,
): Promise<CampaignTally> {
  const gw = () => p.port('gateway');
  const bc = p.port('broadcast');
  const recipients = Array.from({ length: o.recipients }, (_, i) => `${ns}-r-${i}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < recipients.length) {
        const viberId = recipients[next++];
        const ok = await deliverLikeViber(
          gw(),
          subscriptionCallback({ viberId, name: 'Pretplatnik' }, 'subscribed', nextToken(), Date.now()),
          Date.now() + 120_000,
        );
        if (!ok) throw new Error(`subscribed callback for ${viberId} not answered 200`);
      }
    }),
  );
  const [author, approver] = await staffTokensFor(process.env.TEST_NATS_URL!, ns, DEPARTMENT, [
    ['chaos-editor', 'editor'],
    ['chaos-supervisor', 'supervisor'],
  ]);
  const counted = await until(
    'subscribers',
    async () =>
      (await api<{ total: number }>(bc, author, 'GET', '/broadcast/audience')).total >= recipients.length,
    o.settleSeconds * 1000,
  );
  if (!counted) throw new Error('the broadcast service did not count every subscriber');
  const created = await api<{ id: string }>(bc, author, 'POST', '/broadcast/campaigns', {
    title: 'chaos',
    department: DEPARTMENT,
    content: { texts: { 'cnr-Latn': 'Obavještenje', 'cnr-Cyrl': 'Обавјештење', en: 'Notice' } },
  });
  await api(bc, author, 'POST', `/broadcast/campaigns/${created.id}/submit`);
  await api(bc, approver, 'POST', `/broadcast/campaigns/${created.id}/approve`, {});
  const ours = new Set(recipients);
  const receipts = new CampaignReceipts(fake, gw, ours, Date.now() + o.resendSeconds * 1000);
  let reachedCount = 0;
  const counting = (d: FakeDelivery) => {
    if (d.via === 'broadcast_message' && ours.has(d.receiver)) reachedCount += 1;
  };
  fake.on('message', counting);
  const reached = () => reachedCount;
  const inWindow = new Set<string>();
  try {
    for (const [victim, share] of [
      ['broadcast', 1 / 4],
      ['gateway', 2 / 3],
    ] as const) {
      await until(`${share} sent`, () => reached() >= recipients.length * share, o.settleSeconds * 1000);
      log(`  SIGKILL ${victim} after ${reached()} of ${recipients.length} recipients were sent to`);
      await p.kill(victim);
      if (victim === 'gateway') {
        const window = await inFlightAtKill(pgUrl, ns);
        for (const r of window.recipients) inWindow.add(r);
        log(
          `  in flight at the kill: ${window.batches} batches (declared at most ${o.inFlight}), ${window.recipients.length} recipients`,
        );
        if (window.batches > o.inFlight) log(`  MORE IN FLIGHT THAN DECLARED`);
      }
      await sleep(o.downSeconds * 1000);
      await p.revive(victim);
    }
    const done = await until(
      'campaign completed',
      async () =>
        (
          await api<{ status: string }>(
            p.port('broadcast'),
            approver,
            'GET',
            `/broadcast/campaigns/${created.id}`,
          )
        ).status === 'completed',
      o.settleSeconds * 1000,
    );
    if (!done) log('  the campaign did not complete in time');
    await waitUntilIdle(ns, { timeoutMs: o.settleSeconds * 1000 }).catch((e: Error) =>
      log(`  not idle: ${e.message}`),
    );
    await sleep(2000);
    const receivers = fake
      .deliveries()
      .filter((d) => d.via === 'broadcast_message')
      .map((d) => d.receiver);
    return tallyCampaign(
      'campaign',
      recipients,
      receivers,
      p.restarts - restartsBefore,
      inWindow,
      (await p.uncertainSends()) - uncertainBefore,
    );
  } finally {
    receipts.stop();
    fake.off('message', counting);
  }
}
