import { waitUntilIdle } from '@citizen-desk/testing';
import { localTimeOf } from '../../services/handoff/src/office-hours/office-hours';
import { handoffDriver, startPlatform } from './platform.fixture';

/**
 * A citizen asks for a person while the department is closed: they are told the hours and may leave
 * a message, which waits in the queue (past the in-hours wait limit) for the next operator.
 */
const DEPT = 'local-self-government';
const ZONE = 'Europe/Podgorica';
const localDate = (offsetDays: number) =>
  localTimeOf(new Date(Date.now() + offsetDays * 86_400_000), ZONE).date;
const workday = [{ from: '07:00', to: '15:00' }];
// Every other department is always open; this one keeps office hours and today is a holiday (with
// the days either side, so that midnight during the test changes nothing).
const OFFICE_HOURS = JSON.stringify({
  default: {
    timeZone: ZONE,
    weekly: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]),
    ),
    // Open on public holidays too, so that the test does not depend on the day it runs.
    publicHolidays: false,
  },
  departments: {
    [DEPT]: {
      weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: [], sun: [] },
      holidays: [localDate(-1), localDate(0), localDate(1)],
    },
  },
});

describe('handoff outside office hours, through Viber', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let d: ReturnType<typeof handoffDriver>;

  beforeAll(async () => {
    // A wait limit of a second: a message left outside hours must not be ended by it.
    p = await startPlatform(
      {
        HANDOFF_OFFICE_HOURS: OFFICE_HOURS,
        HANDOFF_MAX_WAIT_MINUTES: '0.02',
        HANDOFF_SWEEP_INTERVAL_MS: '200',
      },
      { handoff: true },
    );
    d = handoffDriver(p);
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('tells the hours, keeps the left message in the queue and gives it to the next operator', async () => {
    const user = 'after-hours==';
    const queued = await d.asksForPerson(user);
    expect(queued.text).toBe(
      'Naši operateri rade pon–pet 07:00–15:00. Ostavite poruku ovdje: čeka u redu i operater će odgovoriti kad počne radno vrijeme.',
    );
    const afterQueued = d.sentTo(user).length;
    await d.say(user, 'Treba mi potvrda o prebivalištu za sutra.');

    // Once the left message is taken in, a sweep as if well past HANDOFF_MAX_WAIT_MINUTES (the
    // service's own sweeper runs as well) ends nothing; with all it set off handled, still nobody
    // (not the bot) answered.
    await waitUntilIdle(p.namespace);
    expect(
      await p.handoff!.sessions.sweepTimeouts.execute({ now: new Date(Date.now() + 60_000) }),
    ).toMatchObject({ ended: 0 });
    await waitUntilIdle(p.namespace);
    expect(d.sentTo(user).length).toBe(afterQueued);

    // The next morning an operator signs in and finds it at the head of the queue.
    const ana = await d.staffMember('Ana', ['operator'], [DEPT]);
    const waiting = await d.sessionOf(user, ana.token, 'waiting');
    expect(waiting).toMatchObject({
      status: 'waiting',
      outsideOfficeHours: true,
      preview: 'Treba mi potvrda o prebivalištu za sutra.',
    });
    const detail = await d.call('GET', `/handoff/sessions/${waiting.id}`, { token: ana.token });
    expect(detail.body.transcript.map((e: { type: string }) => e.type)).toEqual([
      'HandoffSessionQueued',
      'HandoffMessageFromCitizen',
    ]);
    expect(detail.body.transcript[0].data.outsideOfficeHours).toBe(true);

    expect((await d.call('POST', `/handoff/sessions/${waiting.id}/claim`, { token: ana.token })).status).toBe(
      200,
    );
    await d.nextMessageTo(user, afterQueued, (m) => m.text === 'Ana iz Opštine je sada s vama.');
    expect(
      (
        await d.call('POST', `/handoff/sessions/${waiting.id}/messages`, {
          token: ana.token,
          body: { text: 'Potvrda je spremna u 9h.' },
        })
      ).status,
    ).toBe(200);
    await d.nextMessageTo(user, afterQueued, (m) => m.text === 'Potvrda je spremna u 9h.');
  });
});
