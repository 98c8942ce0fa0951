import { issueTestStaffToken, StaffRole } from '@citizen-desk/auth';
import { broadcastEnvSchema, loadConfig } from '@citizen-desk/config';
import {
  callJson,
  cleanupNamespace,
  eventually,
  JsonAnswer,
  serviceTestEnv,
  testNamespace,
} from '@citizen-desk/testing';
import { Broadcast, startBroadcast } from '../broadcast.app';

/** The service's clock stands still here: every time it records is this one. */
const NOW = '2026-11-30T10:00:00.000Z';
const UTILITIES = 'communal-services';
const TOURISM = 'tourism';
const TEXTS = { 'cnr-Latn': 'Sjutra od 8 do 12 h nema vode u Starom gradu.', en: 'No water tomorrow.' };

describe('campaigns API: list, approvals inbox, changes and schedule (real PostgreSQL and NATS, fixed clock)', () => {
  const ns = testNamespace();
  let b: Broadcast;
  const tokens: Record<string, string> = {};

  const token = (sub: string, roles: StaffRole[], departments = [UTILITIES]) =>
    issueTestStaffToken(
      { sub, email: `${sub}@budva.local`, name: sub, roles, departments },
      b.runtime.messaging,
    );
  const call = (who: string, method: string, path: string, body?: unknown): Promise<JsonAnswer> =>
    callJson(b.url, method, path, { token: tokens[who], body });
  const create = async (who: string, over: Record<string, unknown> = {}) => {
    const r = await call(who, 'POST', '/broadcast/campaigns', {
      title: 'Voda',
      department: UTILITIES,
      content: { texts: TEXTS },
      ...over,
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    b = await startBroadcast(
      loadConfig(broadcastEnvSchema, serviceTestEnv(ns, { BROADCAST_POLL_MS: '60000' })),
      {
        clock: () => new Date(NOW),
      },
    );
    tokens.eva = await token('eva', ['editor']);
    tokens.sara = await token('sara', ['supervisor']);
    tokens.boris = await token('boris', ['supervisor']);
    tokens.tom = await token('tom', ['editor', 'supervisor'], [TOURISM]);
    tokens.admin = await token('ada', ['admin'], []);
  });
  afterAll(async () => {
    await b?.stop();
    await cleanupNamespace(ns);
  });

  it('reads a send time on the municipality’s clocks and records the service clock’s time', async () => {
    const id = await create('eva', { sendAtLocal: '2026-12-01T09:30' });
    const got = (await call('eva', 'GET', `/broadcast/campaigns/${id}`)).body;
    expect(got).toMatchObject({
      status: 'draft',
      requestedSendAt: '2026-12-01T08:30:00.000Z',
      sendAt: '2026-12-01T08:30:00.000Z',
      createdAt: NOW,
      changedAt: NOW,
    });
    // The hour skipped when the clocks go forward is no time at all.
    const skipped = await call('eva', 'PATCH', `/broadcast/campaigns/${id}`, {
      sendAtLocal: '2026-03-29T02:30',
    });
    expect(skipped.status).toBe(400);
    expect(skipped.body.message).toMatch(/not a time in Europe\/Podgorica/);
    const cleared = await call('eva', 'PATCH', `/broadcast/campaigns/${id}`, { sendAt: null });
    expect(cleared.body).toMatchObject({ status: 'draft', requestedSendAt: null });
  });

  it('lists only the caller’s departments, by status, a page at a time', async () => {
    const tourism = await create('tom', { department: TOURISM, title: 'Festival' });
    const mine = [await create('eva', { title: 'A' }), await create('eva', { title: 'B' })];
    await call('eva', 'POST', `/broadcast/campaigns/${mine[1]}/submit`);

    const all = (await call('eva', 'GET', '/broadcast/campaigns')).body;
    expect(all.items.map((c: { department: string }) => c.department)).not.toContain(TOURISM);
    expect(all.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(mine));
    expect(all.items[0]).toMatchObject({ id: mine[1], status: 'submitted', submittedAt: NOW, author: 'eva' });
    // A list shows no message text: that is the campaign's own page.
    expect(all.items[0].content).toBeUndefined();

    const submitted = (await call('eva', 'GET', '/broadcast/campaigns?status=submitted')).body;
    expect(submitted.items.map((c: { id: string }) => c.id)).toEqual([mine[1]]);
    const drafts = (await call('eva', 'GET', '/broadcast/campaigns?status=draft,scheduled')).body;
    expect(drafts.items.every((c: { status: string }) => c.status === 'draft')).toBe(true);

    const page1 = (await call('eva', 'GET', '/broadcast/campaigns?limit=2')).body;
    const page2 = (await call('eva', 'GET', '/broadcast/campaigns?limit=2&offset=2')).body;
    expect(page1).toMatchObject({ total: all.total, limit: 2, offset: 0 });
    expect(page1.items).toHaveLength(2);
    expect([...page1.items, ...page2.items].map((c: { id: string }) => c.id)).toEqual(
      all.items.slice(0, 4).map((c: { id: string }) => c.id),
    );
    expect((await call('eva', 'GET', '/broadcast/campaigns?offset=1000')).body).toMatchObject({
      total: all.total,
      items: [],
    });

    expect((await call('eva', 'GET', `/broadcast/campaigns?department=${TOURISM}`)).status).toBe(403);
    expect((await call('eva', 'GET', '/broadcast/campaigns?status=sent')).status).toBe(400);
    const admin = (await call('admin', 'GET', `/broadcast/campaigns?department=${TOURISM}`)).body;
    expect(admin.items.map((c: { id: string }) => c.id)).toContain(tourism);
  });

  it('shows each supervisor the submitted campaigns they may approve, never their own or one they changed', async () => {
    const byEva = await create('eva', { title: 'Od Eve' });
    await call('eva', 'POST', `/broadcast/campaigns/${byEva}/submit`);
    const bySara = await create('sara', { title: 'Od Sare' });
    await call('sara', 'POST', `/broadcast/campaigns/${bySara}/submit`);
    const inbox = async (who: string) =>
      (
        (await call(who, 'GET', '/broadcast/campaigns?awaitingMyApproval=true')).body.items as Array<{
          id: string;
        }>
      ).map((c) => c.id);
    expect(await inbox('sara')).toContain(byEva);
    expect(await inbox('sara')).not.toContain(bySara);
    expect(await inbox('boris')).toEqual(expect.arrayContaining([byEva, bySara]));

    // Boris corrects Eva's notice: it goes back to a draft, and once resubmitted he may not approve it.
    await call('boris', 'PATCH', `/broadcast/campaigns/${byEva}`, { title: 'Od Eve (ispravka)' });
    await call('eva', 'POST', `/broadcast/campaigns/${byEva}/submit`);
    expect(await inbox('boris')).not.toContain(byEva);
    expect(await inbox('sara')).toContain(byEva);
    expect((await call('boris', 'POST', `/broadcast/campaigns/${byEva}/approve`)).status).toBe(403);
  });

  it('shows the approver what changed since the version approved before', async () => {
    const id = await create('eva', { audience: { categories: ['utilities'], languages: [] } });
    await call('eva', 'POST', `/broadcast/campaigns/${id}/submit`);
    const first = (await call('sara', 'GET', `/broadcast/campaigns/${id}/history`)).body;
    expect(first.sinceReview.since).toBeNull();
    expect(first.sinceReview.changes.map((c: { field: string }) => c.field)).toContain(
      'content.texts.cnr-Latn',
    );

    const approved = await call('sara', 'POST', `/broadcast/campaigns/${id}/approve`, {
      sendAtLocal: '2026-12-02T08:00',
    });
    expect(approved.body).toMatchObject({ status: 'scheduled', sendAt: '2026-12-02T07:00:00.000Z' });
    const edited = await call('eva', 'PATCH', `/broadcast/campaigns/${id}`, {
      content: { texts: { ...TEXTS, 'cnr-Latn': 'Sjutra od 9 do 12 h nema vode u Starom gradu.' } },
    });
    expect(edited.body).toMatchObject({ status: 'draft', approvedBy: null });
    await call('eva', 'POST', `/broadcast/campaigns/${id}/submit`);

    const { history, sinceReview } = (await call('boris', 'GET', `/broadcast/campaigns/${id}/history`)).body;
    expect(sinceReview.since).toEqual({ kind: 'approved', by: 'sara', at: NOW });
    expect(sinceReview.changes).toEqual([
      {
        field: 'content.texts.cnr-Latn',
        before: TEXTS['cnr-Latn'],
        after: 'Sjutra od 9 do 12 h nema vode u Starom gradu.',
        words: [
          { op: 'same', text: 'Sjutra od ' },
          { op: 'removed', text: '8 ' },
          { op: 'added', text: '9 ' },
          { op: 'same', text: 'do 12 h nema vode u Starom gradu.' },
        ],
      },
    ]);
    expect(history.map((h: { type: string }) => h.type)).toEqual([
      'CampaignCreated',
      'CampaignSubmitted',
      'CampaignApproved',
      'CampaignScheduled',
      'CampaignEdited',
      'CampaignSubmitted',
    ]);
    expect((await call('tom', 'GET', `/broadcast/campaigns/${id}/history`)).status).toBe(403);
    expect((await call('tom', 'PATCH', `/broadcast/campaigns/${id}`, { title: 'x' })).status).toBe(403);
  });

  it('starts a campaign by the service clock: not before its time, and at its time when due', async () => {
    const later = await create('eva', { sendAtLocal: '2026-12-01T09:30' });
    await call('eva', 'POST', `/broadcast/campaigns/${later}/submit`);
    await call('sara', 'POST', `/broadcast/campaigns/${later}/approve`);
    const due = await create('eva', { sendAt: '2026-11-29T10:00:00.000Z' });
    await call('eva', 'POST', `/broadcast/campaigns/${due}/submit`);
    // A time already past means "now": the clock's now.
    expect((await call('sara', 'POST', `/broadcast/campaigns/${due}/approve`)).body).toMatchObject({
      status: 'scheduled',
      sendAt: NOW,
    });
    await b.fanout.tick();
    // No subscribers here: the due campaign starts and completes at once, at the clock's time.
    const done = await eventually(
      async () => {
        const r = (await call('eva', 'GET', `/broadcast/campaigns/${due}`)).body;
        return r.status === 'completed' ? r : undefined;
      },
      { message: 'the due campaign completed' },
    );
    expect(done).toMatchObject({ startedAt: NOW, finishedAt: NOW, stats: { targeted: 0 } });
    expect((await call('eva', 'GET', `/broadcast/campaigns/${later}`)).body.status).toBe('scheduled');
  });
});
