import { callJson, eventually, JsonAnswer, waitUntilIdle } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import { startPlatform, VIBER_TOKEN } from './platform.fixture';
import { textMessageCallback } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
interface Sent {
  receiver: string;
  text?: string;
  keyboard?: { Buttons: Array<{ ActionBody: string; Text: string }> };
}
type Answer = JsonAnswer;

const PASSWORD = 'Budva-Opstina-2026';
const DEPT = 'local-self-government';

describe('handoff: a citizen reaches a person, through Viber and the operator API', () => {
  let p: Platform;
  let n = 0;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    p = await startPlatform({ HANDOFF_SWEEP_INTERVAL_MS: '60000' }, { handoff: true });
    const people: Array<[string, string[], string[]]> = [
      ['ana', ['operator'], [DEPT]],
      ['ivo', ['operator'], [DEPT]],
      ['mila', ['operator'], ['local-revenue']],
      ['sara', ['supervisor'], [DEPT]],
      ['olga', ['official'], [DEPT]],
    ];
    for (const [name, roles, departments] of people) {
      const account = await p.handoff!.staff.createAccount.execute({
        email: `${name}@budva.local`,
        password: PASSWORD,
        name: name[0].toUpperCase() + name.slice(1),
        roles: roles as never,
        departments,
        by: null,
      });
      ids[name] = account.id;
      const login = await call('POST', '/auth/login', {
        body: { email: `${name}@budva.local`, password: PASSWORD },
      });
      expect(login.status).toBe(200);
      tokens[name] = login.body.token;
    }
    // Ten scrypt hashes at N=2^17 (an account and a sign-in each): seconds apiece on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await p?.stop();
  });

  const call = (
    method: string,
    path: string,
    opts: { token?: string; body?: unknown } = {},
  ): Promise<Answer> => callJson(p.handoff!.url, method, path, opts);
  const sentTo = (user: string) =>
    (p.viber.sentMessages() as unknown as Sent[]).filter((m) => m.receiver === user);
  async function say(user: string, text: string) {
    expect(
      (await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback(user, text))).status,
    ).toBe(200);
  }
  async function nextMessageTo(
    user: string,
    after: number,
    matching: (m: Sent) => boolean = () => true,
  ): Promise<Sent> {
    return eventually(() => sentTo(user).slice(after).find(matching), { message: `a message to ${user}` });
  }
  async function waitingSessionOf(user: string, token = tokens.ana) {
    const citizenId = await p.citizenIdOf(user);
    return eventually(
      async () => {
        const list = await call('GET', '/handoff/sessions?status=waiting', { token });
        return (list.body as Array<{ id: string; citizenId: string }>).find((s) => s.citizenId === citizenId);
      },
      { message: `a waiting session of ${user}` },
    );
  }
  /** A citizen who asked the bot something, then asked for a person. */
  async function citizenInQueue(): Promise<{ user: string; sessionId: string }> {
    const user = await citizenAsksForPerson();
    const session = await waitingSessionOf(user);
    return { user, sessionId: session.id };
  }
  async function citizenAsksForPerson(): Promise<string> {
    const user = `handoff-${++n}==`;
    // Not understood by the bot, so the request goes to the general line (local self-government).
    await say(user, 'koliko je sati');
    await nextMessageTo(user, 0);
    await say(user, 'op:request');
    await nextMessageTo(user, 0, (m) => !!m.keyboard?.Buttons.some((b) => b.ActionBody === 'handoff:end'));
    return user;
  }

  it('queues the citizen, forwards their words while the bot stays silent, lets an operator answer, closes and records the rating', async () => {
    const { user, sessionId } = await citizenInQueue();
    const queued = sentTo(user).find((m) => m.keyboard?.Buttons.some((b) => b.ActionBody === 'handoff:end'))!;
    // No office hours are configured (none are published): told the place, never that the office is closed.
    expect(queued.text).toBe(
      'Na redu ste za operatera: 1. Radno vrijeme operatera nemamo potvrđeno, pa ne možemo reći kada će se javiti. Napišite pitanje ovdje: operater će odgovoriti čim bude dostupan.',
    );

    // While the session is open, the citizen's words go to the session and the bot says nothing.
    const before = sentTo(user).length;
    await say(user, 'Zanima me rok za plaćanje');
    await eventually(async () => {
      const detail = await call('GET', `/handoff/sessions/${sessionId}`, { token: tokens.ana });
      return detail.body.transcript.some(
        (e: { type: string; data: { message?: { text?: string } } }) =>
          e.type === 'HandoffMessageFromCitizen' && e.data.message?.text === 'Zanima me rok za plaćanje',
      );
    });
    // Everything the words set off has been handled: the bot would have answered by now.
    await waitUntilIdle(p.namespace);
    expect(sentTo(user).length).toBe(before);

    // Ana claims it and answers; the citizen receives both on Viber.
    const claim = await call('POST', `/handoff/sessions/${sessionId}/claim`, { token: tokens.ana });
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({
      status: 'active',
      operatorId: ids.ana,
      citizenId: await p.citizenIdOf(user),
    });
    await nextMessageTo(user, before, (m) => m.text === 'Ana iz Opštine je sada s vama.');
    const answer = await call('POST', `/handoff/sessions/${sessionId}/messages`, {
      token: tokens.ana,
      body: { text: 'Rok je 30. jun.' },
    });
    expect(answer.status).toBe(200);
    const received = await nextMessageTo(user, before, (m) => m.text === 'Rok je 30. jun.');
    expect(received.keyboard!.Buttons.map((b) => b.ActionBody)).toEqual(['handoff:end']);
    const saved = await call('POST', `/handoff/sessions/${sessionId}/messages`, {
      token: tokens.ana,
      body: { savedReplyId: 'anything-else' },
    });
    expect(saved.status).toBe(200);
    await nextMessageTo(user, before, (m) => m.text === 'Mogu li vam pomoći još nečim?');
    expect(
      (
        await call('POST', `/handoff/sessions/${sessionId}/notes`, {
          token: tokens.ana,
          body: { text: 'Pitao za rok' },
        })
      ).status,
    ).toBe(204);

    // The transcript shows what the citizen asked the bot before, and the whole session.
    const detail = await call('GET', `/handoff/sessions/${sessionId}`, { token: tokens.ana });
    expect(detail.body.history.map((h: { author: string; text?: string }) => [h.author, h.text])).toEqual(
      expect.arrayContaining([
        ['citizen', 'koliko je sati'],
        ['bot', expect.any(String)],
        ['citizen', 'op:request'],
      ]),
    );
    expect(detail.body.transcript.map((e: { type: string }) => e.type)).toEqual([
      'HandoffSessionQueued',
      'HandoffMessageFromCitizen',
      'HandoffSessionAssigned',
      'HandoffMessageFromOperator',
      'HandoffMessageFromOperator',
      'HandoffNoteAdded',
    ]);

    // Closing asks for a rating; the tap is recorded by handoff and the dialog does not answer it.
    const closeAt = sentTo(user).length;
    const closed = await call('POST', `/handoff/sessions/${sessionId}/close`, {
      token: tokens.ana,
      body: { resolution: 'Objašnjen rok' },
    });
    expect(closed.status).toBe(200);
    const ask = await nextMessageTo(
      user,
      closeAt,
      (m) => !!m.keyboard?.Buttons.some((b) => b.ActionBody === 'rate:5'),
    );
    expect(ask.keyboard!.Buttons.map((b) => b.ActionBody)).toEqual([
      'rate:1',
      'rate:2',
      'rate:3',
      'rate:4',
      'rate:5',
    ]);
    await say(user, 'rate:5');
    await eventually(
      async () =>
        (await call('GET', `/handoff/sessions/${sessionId}`, { token: tokens.ana })).body.session.rating ===
        5,
    );
    await nextMessageTo(user, closeAt, (m) => m.text === 'Hvala na ocjeni!');
    // The rating tap is fully handled: a bot answer to it would have been sent by now.
    await waitUntilIdle(p.namespace);
    expect(
      sentTo(user)
        .slice(closeAt)
        .map((m) => m.text),
    ).toEqual([ask.text, 'Hvala na ocjeni!']);

    // The conversation is the bot's again.
    const afterRating = sentTo(user).length;
    await say(user, 'kako da platim porez na nepokretnost');
    await nextMessageTo(user, afterRating);
    const list = await call('GET', '/handoff/sessions?status=closed', { token: tokens.ana });
    expect(list.body.find((s: { id: string }) => s.id === sessionId)).toMatchObject({
      rating: 5,
      endedBy: 'operator',
      resolution: 'Objašnjen rok',
    });
  });

  it('lets exactly one of two operators claiming at once win', async () => {
    const { sessionId } = await citizenInQueue();
    const [a, b] = await Promise.all([
      call('POST', `/handoff/sessions/${sessionId}/claim`, { token: tokens.ana }),
      call('POST', `/handoff/sessions/${sessionId}/claim`, { token: tokens.ivo }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? ids.ana : ids.ivo;
    const detail = await call('GET', `/handoff/sessions/${sessionId}`, { token: tokens.sara });
    expect(detail.body.session.operatorId).toBe(winner);
    expect(
      detail.body.transcript.filter((e: { type: string }) => e.type === 'HandoffSessionAssigned'),
    ).toHaveLength(1);
    // The loser cannot write in it; the citizen can end it with the button.
    const loser = winner === ids.ana ? tokens.ivo : tokens.ana;
    expect(
      (await call('POST', `/handoff/sessions/${sessionId}/messages`, { token: loser, body: { text: 'x' } }))
        .status,
    ).toBe(409);
  });

  it('transfers a session to another department: the first loses it (403), the second claims it, the citizen is told', async () => {
    const { user, sessionId } = await citizenInQueue();
    expect((await call('POST', `/handoff/sessions/${sessionId}/claim`, { token: tokens.ana })).status).toBe(
      200,
    );
    const before = sentTo(user).length;

    const moved = await call('POST', `/handoff/sessions/${sessionId}/transfer`, {
      token: tokens.ana,
      body: { department: 'local-revenue' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: sessionId,
      department: 'local-revenue',
      status: 'waiting',
      operatorId: null,
    });
    await nextMessageTo(
      user,
      before,
      (m) => m.text === 'Vaš razgovor je proslijeđen nadležnoj službi. Molimo sačekajte trenutak.',
    );

    // Operators of the first department can no longer see or act on it.
    for (const [method, path, body] of [
      ['GET', `/handoff/sessions/${sessionId}`],
      ['POST', `/handoff/sessions/${sessionId}/claim`],
      ['POST', `/handoff/sessions/${sessionId}/messages`, { text: 'Još sam tu' }],
      ['POST', `/handoff/sessions/${sessionId}/close`, {}],
    ] as Array<[string, string, unknown?]>) {
      expect([path, (await call(method, path, { token: tokens.ana, body })).status]).toEqual([path, 403]);
      expect([path, (await call(method, path, { token: tokens.ivo, body })).status]).toEqual([path, 403]);
    }
    const anaQueue = await call('GET', '/handoff/sessions?status=waiting', { token: tokens.ana });
    expect(anaQueue.body.find((s: { id: string }) => s.id === sessionId)).toBeUndefined();

    // What the citizen writes meanwhile follows the session; Mila (local revenue) finds it in her queue and takes it.
    await say(user, 'Radi se o porezu na nepokretnost');
    const waiting = await waitingSessionOf(user, tokens.mila);
    expect(waiting.id).toBe(sessionId);
    const claim = await call('POST', `/handoff/sessions/${sessionId}/claim`, { token: tokens.mila });
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({ department: 'local-revenue', status: 'active', operatorId: ids.mila });
    await nextMessageTo(user, before, (m) => m.text === 'Mila iz Opštine je sada s vama.');
    expect(
      (
        await call('POST', `/handoff/sessions/${sessionId}/messages`, {
          token: tokens.mila,
          body: { text: 'Preuzela sam, gledam.' },
        })
      ).status,
    ).toBe(200);
    await nextMessageTo(user, before, (m) => m.text === 'Preuzela sam, gledam.');

    // Forwarding is asynchronous: wait until the citizen's words are in the transcript.
    const detail = await eventually(async () => {
      const d = await call('GET', `/handoff/sessions/${sessionId}`, { token: tokens.mila });
      return d.body.transcript.some((e: { type: string }) => e.type === 'HandoffMessageFromCitizen') && d;
    });
    const transferred = detail.body.transcript.find(
      (e: { type: string }) => e.type === 'HandoffSessionTransferred',
    );
    expect(transferred.data).toMatchObject({
      fromDepartment: DEPT,
      toDepartment: 'local-revenue',
      fromOperatorId: ids.ana,
      toOperatorId: null,
      by: ids.ana,
    });
    const forwarded = detail.body.transcript.filter(
      (e: { type: string }) => e.type === 'HandoffMessageFromCitizen',
    );
    expect(
      forwarded.map((e: { data: { department: string; message: { text: string } } }) => [
        e.data.department,
        e.data.message.text,
      ]),
    ).toEqual([['local-revenue', 'Radi se o porezu na nepokretnost']]);
    expect(
      (
        await call('POST', `/handoff/sessions/${sessionId}/close`, {
          token: tokens.mila,
          body: { resolution: 'Preuzeo Sekretarijat' },
        })
      ).status,
    ).toBe(200);
  });

  it('lets only the operator holding a session, or a supervisor of its department, transfer it', async () => {
    const { sessionId } = await citizenInQueue();
    const transfer = (token: string) =>
      call('POST', `/handoff/sessions/${sessionId}/transfer`, {
        token,
        body: { department: 'local-revenue' },
      });
    // Waiting: no operator holds it, so no operator may send it elsewhere.
    expect((await transfer(tokens.ivo)).status).toBe(403);
    expect((await call('POST', `/handoff/sessions/${sessionId}/claim`, { token: tokens.ana })).status).toBe(
      200,
    );
    // Held by Ana: a colleague may not take it from her.
    const refused = await transfer(tokens.ivo);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ reason: 'not-holder' });
    const detail = await call('GET', `/handoff/sessions/${sessionId}`, { token: tokens.sara });
    expect(detail.body.session).toMatchObject({ operatorId: ids.ana, department: DEPT });
    // Her supervisor may.
    expect((await transfer(tokens.sara)).status).toBe(200);
  });

  it('lets the citizen end the session, and gives auto-assignment to the least busy available operator', async () => {
    const { user, sessionId } = await citizenInQueue();
    await say(user, 'handoff:end');
    await eventually(
      async () =>
        (await call('GET', `/handoff/sessions/${sessionId}`, { token: tokens.ana })).body.session.status ===
        'closed',
    );
    const ended = await call('GET', `/handoff/sessions/${sessionId}`, { token: tokens.ana });
    expect(ended.body.session.endedBy).toBe('citizen');

    // Ivo holds one open session (from the race above, or not): Ana and Ivo available, the busier gets none.
    const loads = await call('GET', '/handoff/operators', { token: tokens.sara });
    expect(loads.status).toBe(200);
    const load = (id: string) =>
      loads.body.operators.find((o: { operatorId: string }) => o.operatorId === id).activeSessions as number;
    expect(
      (
        await call('POST', '/handoff/operators/me/availability', {
          token: tokens.ana,
          body: { available: true },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await call('POST', '/handoff/operators/me/availability', {
          token: tokens.ivo,
          body: { available: true },
        })
      ).status,
    ).toBe(204);
    const user2 = await citizenAsksForPerson();
    const citizen2 = await p.citizenIdOf(user2);
    const session = await eventually(async () => {
      const active = await call('GET', '/handoff/sessions?status=active', { token: tokens.sara });
      return (active.body as Array<{ citizenId: string; operatorId: string }>).find(
        (s) => s.citizenId === citizen2,
      );
    });
    const expected = load(ids.ana) <= load(ids.ivo) ? ids.ana : ids.ivo;
    expect(session.operatorId).toBe(expected);
    await call('POST', '/handoff/operators/me/availability', {
      token: tokens.ana,
      body: { available: false },
    });
    await call('POST', '/handoff/operators/me/availability', {
      token: tokens.ivo,
      body: { available: false },
    });
  });

  describe('authorisation of every route', () => {
    let sessionId: string;
    beforeAll(async () => {
      sessionId = (await citizenInQueue()).sessionId;
    });
    const routes = (id: string): Array<[string, string, unknown?]> => [
      ['GET', '/handoff/sessions?status=waiting'],
      ['GET', `/handoff/sessions/${id}`],
      ['POST', `/handoff/sessions/${id}/claim`],
      ['POST', `/handoff/sessions/${id}/messages`, { text: 'hi' }],
      ['POST', `/handoff/sessions/${id}/notes`, { text: 'hi' }],
      ['POST', `/handoff/sessions/${id}/transfer`, { department: 'local-revenue' }],
      ['POST', `/handoff/sessions/${id}/close`, {}],
      ['GET', '/handoff/saved-replies'],
      ['POST', '/handoff/operators/me/availability', { available: false }],
      ['GET', '/handoff/operators'],
      ['GET', '/handoff/stream'],
    ];

    it('refuses every route without a token (401) and to a staff member without the operator role (403)', async () => {
      for (const [method, path, body] of routes(sessionId)) {
        expect([path, (await call(method, path, { body })).status]).toEqual([path, 401]);
        expect([path, (await call(method, path, { body, token: 'not-a-token' })).status]).toEqual([
          path,
          401,
        ]);
        expect([path, (await call(method, path, { body, token: tokens.olga })).status]).toEqual([path, 403]);
      }
    });

    it('refuses an operator of another department the session (403), and the supervisors’ view to operators', async () => {
      for (const [method, path, body] of routes(sessionId).filter(([, path]) => path.includes(sessionId))) {
        expect([path, (await call(method, path, { body, token: tokens.mila })).status]).toEqual([path, 403]);
      }
      const theirs = await call('GET', '/handoff/sessions?status=waiting', { token: tokens.mila });
      expect(theirs.body.find((s: { id: string }) => s.id === sessionId)).toBeUndefined();
      expect((await call('GET', '/handoff/operators', { token: tokens.ana })).status).toBe(403);
    });

    it('opens the live stream with a cookie set by POST, never with a token in the URL', async () => {
      const url = p.handoff!.url;
      // A token in the URL (access logs, history, Referer) is no longer accepted.
      const inUrl = await fetch(`${url}/handoff/stream?access_token=${tokens.ana}`);
      expect(inUrl.status).toBe(401);
      await inUrl.body?.cancel();
      // The cookie is only issued for the bearer token itself.
      expect((await fetch(`${url}/handoff/stream/session`, { method: 'POST' })).status).toBe(401);
      const issued = await fetch(`${url}/handoff/stream/session`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.ana}` },
      });
      expect(issued.status).toBe(204);
      const cookie = issued.headers.get('set-cookie')!;
      expect(cookie).toMatch(
        /^handoff_stream=[^;]+; Path=\/handoff\/stream; Max-Age=\d+; HttpOnly; SameSite=Strict/,
      );
      const controller = new AbortController();
      const res = await fetch(`${url}/handoff/stream`, {
        headers: { cookie: cookie.split(';')[0]! },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      const { value } = await reader.read();
      expect(new TextDecoder().decode(value)).toContain('event: ready');
      controller.abort();
      // The cookie opens the stream and nothing else.
      const elsewhere = await fetch(`${url}/handoff/sessions?status=waiting`, {
        headers: { cookie: cookie.split(';')[0]! },
      });
      expect(elsewhere.status).toBe(401);
      await elsewhere.body?.cancel();
    });

    it('validates bodies with a 400 naming the field', async () => {
      const res = await call('POST', `/handoff/sessions/${sessionId}/messages`, {
        token: tokens.ana,
        body: { text: '' },
      });
      expect(res.status).toBe(400);
      expect(await call('GET', '/handoff/sessions?status=lost', { token: tokens.ana })).toMatchObject({
        status: 400,
      });
    });
  });
});
