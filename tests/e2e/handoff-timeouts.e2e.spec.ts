import { handoffDriver, startPlatform } from './platform.fixture';

/**
 * The sweeper's clocks end to end, with limits of seconds (minutes given as fractions): a citizen
 * nobody took and one who went quiet with an operator are told politely, their words stay in the
 * transcript, and the bot answers them again.
 */
const DEPT = 'local-self-government';
const ALWAYS_OPEN = JSON.stringify({
  default: {
    timeZone: 'Europe/Podgorica',
    weekly: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]),
    ),
    // Open on public holidays too, so that the test does not depend on the day it runs.
    publicHolidays: false,
  },
});
const WAITED_TOO_LONG =
  'Žao nam je: nijedan operater nije stigao da preuzme razgovor na vrijeme. Vaše poruke su sačuvane i Opština će ih pročitati. Operatera možete ponovo zatražiti bilo kad.';
const IDLE =
  'Razgovor s operaterom je završen jer neko vrijeme nije bilo poruka. Vaše poruke su sačuvane; pišite nam bilo kad.';

describe('handoff time-outs, through Viber', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let d: ReturnType<typeof handoffDriver>;
  let ana: { id: string; token: string };

  beforeAll(async () => {
    p = await startPlatform(
      {
        HANDOFF_OFFICE_HOURS: ALWAYS_OPEN,
        HANDOFF_MAX_WAIT_MINUTES: '0.08',
        HANDOFF_IDLE_MINUTES: '0.08',
        HANDOFF_SWEEP_INTERVAL_MS: '200',
      },
      { handoff: true },
    );
    d = handoffDriver(p);
    ana = await d.staffMember('Ana', ['operator'], [DEPT]);
  });
  afterAll(async () => {
    await p?.stop();
  });

  async function endedSession(user: string) {
    const closed = await d.sessionOf(user, ana.token, 'closed');
    return (await d.call('GET', `/handoff/sessions/${closed.id}`, { token: ana.token })).body;
  }
  async function botAnswersAgain(user: string) {
    const before = d.sentTo(user).length;
    await d.say(user, 'kako da platim porez na nepokretnost');
    const answer = await d.nextMessageTo(user, before);
    expect(answer.text).not.toMatch(/operater/i);
  }

  it('ends a session nobody took within HANDOFF_MAX_WAIT_MINUTES, keeping what the citizen wrote', async () => {
    const user = 'timeout-wait==';
    const queued = await d.asksForPerson(user);
    expect(queued.text).toMatch(/^Na redu ste za operatera: 1\./);
    await d.say(user, 'Ima li koga? Treba mi uvjerenje.');

    const told = await d.nextMessageTo(user, 0, (m) => m.text === WAITED_TOO_LONG);
    expect(told.keyboard).toBeUndefined(); // nobody handled it: no rating to ask for

    const detail = await endedSession(user);
    expect(detail.session).toMatchObject({ status: 'closed', endedBy: 'timeout', operatorId: null });
    expect(detail.transcript.map((e: { type: string }) => e.type)).toEqual([
      'HandoffSessionQueued',
      'HandoffMessageFromCitizen',
      'HandoffSessionEnded',
    ]);
    expect(detail.transcript[1].data.message.text).toBe('Ima li koga? Treba mi uvjerenje.');
    expect(detail.transcript[2].data.endedBy).toBe('timeout');

    // HandoffSessionEnded reached the dialog: the bot is back.
    await botAnswersAgain(user);
    expect(d.sentTo(user).filter((m) => m.text === WAITED_TOO_LONG)).toHaveLength(1);
  });

  it('ends a session where the citizen went quiet longer than HANDOFF_IDLE_MINUTES, and asks for a rating', async () => {
    expect(
      (
        await d.call('POST', '/handoff/operators/me/availability', {
          token: ana.token,
          body: { available: true },
        })
      ).status,
    ).toBe(204);
    const user = 'timeout-idle==';
    await d.asksForPerson(user);
    await d.nextMessageTo(user, 0, (m) => m.text === 'Ana iz Opštine je sada s vama.');
    const active = await d.sessionOf(user, ana.token, 'active');
    await d.say(user, 'Zanima me komunalni doprinos');
    const reply = await d.call('POST', `/handoff/sessions/${active.id}/messages`, {
      token: ana.token,
      body: { text: 'Koliko kvadrata ima objekat?' },
    });
    expect(reply.status).toBe(200);

    // The citizen does not answer.
    const told = await d.nextMessageTo(user, 0, (m) => !!m.text?.startsWith(IDLE));
    expect(told.keyboard!.Buttons.map((b) => b.ActionBody)).toEqual([
      'rate:1',
      'rate:2',
      'rate:3',
      'rate:4',
      'rate:5',
    ]);

    const detail = await endedSession(user);
    expect(detail.session).toMatchObject({ status: 'closed', endedBy: 'timeout', operatorId: ana.id });
    const types = detail.transcript.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['HandoffMessageFromCitizen', 'HandoffMessageFromOperator']),
    );
    expect(types[types.length - 1]).toBe('HandoffSessionEnded');
    expect(
      detail.transcript.find((e: { type: string }) => e.type === 'HandoffMessageFromCitizen').data.message
        .text,
    ).toBe('Zanima me komunalni doprinos');

    await d.call('POST', '/handoff/operators/me/availability', {
      token: ana.token,
      body: { available: false },
    });
    await botAnswersAgain(user);
  });
});
