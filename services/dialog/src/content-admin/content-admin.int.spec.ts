import { issueTestStaffToken, StaffClaims, StaffRole } from '@citizen-desk/auth';
import { dialogEnvSchema, loadConfig } from '@citizen-desk/config';
import { callJson, cleanupNamespace, eventually, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { Topic } from '../content';
import { Dialog, startDialog } from '../dialog.app';

const ns = testNamespace();
const started: Dialog[] = [];
let dialog: Dialog;
let replica: Dialog;

const start = async () => {
  const d = await startDialog(loadConfig(dialogEnvSchema, serviceTestEnv(ns)));
  started.push(d);
  return d;
};

const tokenFor = (roles: StaffRole[], departments: string[], name: string) => {
  const claims: StaffClaims = { sub: `staff-${name}`, email: `${name}@budva.me`, name, roles, departments };
  return issueTestStaffToken(claims, dialog.runtime.messaging, 3600);
};
let admin: string;
let revenueEditor: string;
let selfGovEditor: string;
let operator: string;

beforeAll(async () => {
  dialog = await start();
  replica = await start();
  [admin, revenueEditor, selfGovEditor, operator] = await Promise.all([
    tokenFor(['admin'], [], 'admin'),
    tokenFor(['editor'], ['local-revenue'], 'revenue-editor'),
    tokenFor(['editor'], ['local-self-government'], 'selfgov-editor'),
    tokenFor(['operator'], ['local-revenue'], 'operator'),
  ]);
});

afterAll(async () => {
  await Promise.allSettled(started.map((d) => d.stop()));
  await cleanupNamespace(ns);
});

const call = (method: string, path: string, opts: { token?: string; body?: unknown; on?: Dialog } = {}) =>
  callJson((opts.on ?? dialog).url, method, path, opts);

const understand = (text: string, on: Dialog = dialog) =>
  call('POST', '/dialog/understand', { body: { text }, on });

/** A topic as the API takes it: Latin and English only. */
function editable(topic: Topic) {
  return {
    department: topic.department,
    kind: topic.kind,
    title: { 'cnr-Latn': topic.title['cnr-Latn'], en: topic.title.en },
    answer: { 'cnr-Latn': topic.answer['cnr-Latn'], en: topic.answer.en },
    examples: { 'cnr-Latn': topic.examples['cnr-Latn'], en: topic.examples.en },
    followUps: topic.followUps,
    ...(topic.sources ? { sources: topic.sources } : {}),
  };
}

async function publishedTopic(id: string): Promise<Topic> {
  const res = await call('GET', '/dialog/content', { token: admin });
  expect(res.status).toBe(200);
  return res.body.content.topics.find((t: Topic) => t.id === id);
}

const NEW_PHRASE = 'mansarda potkrovlje tavan';
const NEW_ANSWER = 'Porez na mansardu plaća se kao porez na stan.';

describe('content admin API', () => {
  it('answers 401 without a token and 403 to an operator on every route', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/dialog/content'],
      ['GET', '/dialog/content/versions'],
      ['GET', '/dialog/content/versions/1'],
      ['GET', '/dialog/content/draft'],
      ['GET', '/dialog/content/draft/diff'],
      ['PUT', '/dialog/content/draft/topics/property-tax', {}],
      ['DELETE', '/dialog/content/draft/topics/thanks'],
      ['PUT', '/dialog/content/draft/departments/local-revenue', {}],
      ['PUT', '/dialog/content/draft/health-measures', {}],
      ['PUT', '/dialog/content/draft/menu', {}],
      ['PUT', '/dialog/content/draft/texts', {}],
      ['PUT', '/dialog/content/draft/news', {}],
      ['POST', '/dialog/content/draft/discard', {}],
      ['POST', '/dialog/content/publish', {}],
      ['POST', '/dialog/content/rollback', { version: 1 }],
      ['GET', '/dialog/content/history'],
    ];
    for (const [method, path, body] of routes) {
      expect([method, path, (await call(method, path, { body })).status]).toEqual([method, path, 401]);
      expect([method, path, (await call(method, path, { body, token: operator })).status]).toEqual([
        method,
        path,
        403,
      ]);
    }
  });

  it('documents the routes in OpenAPI with bearer auth', async () => {
    const doc = (await call('GET', '/docs/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/dialog/content',
        '/dialog/content/draft/topics/{id}',
        '/dialog/content/publish',
        '/dialog/content/rollback',
        '/dialog/content/history',
      ]),
    );
    expect(doc.paths['/dialog/content/publish'].post.security).toEqual([{ bearer: [] }]);
  });

  it('starts with the seed as version 1 and a draft that copies it', async () => {
    const published = await call('GET', '/dialog/content', { token: revenueEditor });
    expect(published.body).toMatchObject({ version: 1, publishedBy: 'seed' });
    const draft = await call('GET', '/dialog/content/draft', { token: revenueEditor });
    expect(draft.body).toMatchObject({ exists: false, baseVersion: 1, updatedBy: null });
    expect(draft.body.content).toEqual(published.body.content);
    expect((await call('GET', '/dialog/content/draft/diff', { token: revenueEditor })).body).toEqual([]);
    expect((await understand(NEW_PHRASE)).body.topic).not.toBe('property-tax');
  });

  it("lets an editor change their department's topic, review, publish, and every replica answers with it", async () => {
    const tax = await publishedTopic('property-tax');
    const body = editable(tax);
    body.answer.en = NEW_ANSWER;
    body.answer['cnr-Latn'] = NEW_ANSWER;
    body.examples['cnr-Latn'] = [...body.examples['cnr-Latn'], NEW_PHRASE];

    const put = await call('PUT', '/dialog/content/draft/topics/property-tax', {
      token: revenueEditor,
      body,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      area: 'topic',
      id: 'property-tax',
      change: 'changed',
      baseVersion: 1,
      updatedBy: 'revenue-editor@budva.me',
    });

    const draft = await call('GET', '/dialog/content/draft', { token: revenueEditor });
    expect(draft.body).toMatchObject({ exists: true, baseVersion: 1, updatedBy: 'revenue-editor@budva.me' });
    const drafted = draft.body.content.topics.find((t: Topic) => t.id === 'property-tax');
    expect(drafted.answer['cnr-Cyrl']).toBe('Порез на мансарду плаћа се као порез на стан.');
    expect(drafted.examples['cnr-Cyrl'].at(-1)).toBe('мансарда поткровље таван');

    const diff = await call('GET', '/dialog/content/draft/diff', { token: revenueEditor });
    expect(diff.body).toEqual([
      { area: 'topic', id: 'property-tax', change: 'changed', fields: ['answer', 'examples'] },
    ]);

    // Another department's editor may neither edit nor publish it.
    const foreignPut = await call('PUT', '/dialog/content/draft/topics/property-tax', {
      token: selfGovEditor,
      body,
    });
    expect(foreignPut.status).toBe(403);
    const foreignPublish = await call('POST', '/dialog/content/publish', { token: selfGovEditor, body: {} });
    expect(foreignPublish.status).toBe(403);
    expect(foreignPublish.body.message).toContain('topic property-tax changed');
    expect(foreignPublish.body.changes).toEqual(diff.body);
    // Nor the admin's areas.
    const menu = await call('PUT', '/dialog/content/draft/news', {
      token: revenueEditor,
      body: { newsUrl: 'https://example.org' },
    });
    expect(menu.status).toBe(403);

    const published = await call('POST', '/dialog/content/publish', {
      token: revenueEditor,
      body: { note: 'attic tax' },
    });
    expect(published.status).toBe(200);
    expect(published.body).toEqual({ version: 2, changes: diff.body });

    for (const d of [dialog, replica]) {
      const answer = await eventually(
        async () => {
          const res = await understand(NEW_PHRASE, d);
          return res.body.contentVersion === 2 && res.body;
        },
        { timeoutMs: 5000, message: 'version 2 in use' },
      );
      expect(answer.topic).toBe('property-tax');
    }

    expect((await publishedTopic('property-tax')).answer.en).toBe(NEW_ANSWER);
    const draftAfter = await call('GET', '/dialog/content/draft', { token: revenueEditor });
    expect(draftAfter.body).toMatchObject({ exists: false, baseVersion: 2 });
    const versions = await call('GET', '/dialog/content/versions', { token: revenueEditor });
    expect(
      versions.body.map((v: { version: number; publishedBy: string; note: string }) => [
        v.version,
        v.publishedBy,
        v.note,
      ]),
    ).toEqual([
      [2, 'revenue-editor@budva.me', 'attic tax'],
      [1, 'seed', 'built-in content for Budva'],
    ]);
    expect(
      (await call('GET', '/dialog/content/versions/1', { token: revenueEditor })).body.content.topics.find(
        (t: Topic) => t.id === 'property-tax',
      ).answer.en,
    ).toBe(tax.answer.en);
    expect((await call('GET', '/dialog/content/versions/99', { token: revenueEditor })).status).toBe(404);
  });

  it('records who changed what and when', async () => {
    const history = await call('GET', '/dialog/content/history', { token: admin });
    expect(history.status).toBe(200);
    const entries = history.body.entries as Array<{
      type: string;
      by: { email: string };
      at: string;
      data: Record<string, unknown>;
    }>;
    expect(entries.map((e) => [e.type, e.by.email])).toEqual([
      ['ContentPublished', 'revenue-editor@budva.me'],
      ['ContentDraftChanged', 'revenue-editor@budva.me'],
    ]);
    expect(entries[1].data).toMatchObject({ area: 'topic', id: 'property-tax', change: 'changed' });
    expect(entries[0].data).toMatchObject({ version: 2, note: 'attic tax' });
    expect(Date.now() - Date.parse(entries[0].at)).toBeLessThan(60_000);
    const page = await call('GET', '/dialog/content/history?limit=1', { token: admin });
    expect(page.body.entries.map((e: { type: string }) => e.type)).toEqual(['ContentPublished']);
    const next = await call('GET', `/dialog/content/history?limit=1&before=${page.body.nextBefore}`, {
      token: admin,
    });
    expect(next.body).toMatchObject({ entries: [{ type: 'ContentDraftChanged' }], nextBefore: null });
  });

  it('rolls back by publishing the old content as a new version', async () => {
    const rolled = await call('POST', '/dialog/content/rollback', {
      token: revenueEditor,
      body: { version: 1 },
    });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ version: 3, toVersion: 1 });
    const published = await call('GET', '/dialog/content', { token: admin });
    const original = await call('GET', '/dialog/content/versions/1', { token: admin });
    expect(published.body.version).toBe(3);
    expect({ ...published.body.content, version: 1 }).toEqual(original.body.content);
    for (const d of [dialog, replica]) {
      const answer = await eventually(async () => {
        const res = await understand(NEW_PHRASE, d);
        return res.body.contentVersion === 3 && res.body;
      });
      expect(answer.topic).not.toBe('property-tax');
    }
    // An editor of another department may not roll back version 2's topic change.
    const foreign = await call('POST', '/dialog/content/rollback', {
      token: selfGovEditor,
      body: { version: 2 },
    });
    expect(foreign.status).toBe(403);
    expect(
      (await call('POST', '/dialog/content/rollback', { token: admin, body: { version: 3 } })).status,
    ).toBe(409);
    expect(
      (await call('POST', '/dialog/content/rollback', { token: admin, body: { version: 42 } })).status,
    ).toBe(404);
    const history = await call('GET', '/dialog/content/history?limit=1', { token: admin });
    expect(history.body.entries[0]).toMatchObject({
      type: 'ContentRolledBack',
      data: { toVersion: 1, newVersion: 3 },
    });
  });

  it('keeps required and referenced topics, and refuses to publish invalid content', async () => {
    const required = await call('DELETE', '/dialog/content/draft/topics/financial-aid', { token: admin });
    expect(required.status).toBe(409);
    const referenced = await call('DELETE', '/dialog/content/draft/topics/report-problem', { token: admin });
    expect(referenced.status).toBe(409);
    expect(referenced.body.references).toEqual(['menu:menu-report-problem']);
    expect(
      (await call('DELETE', '/dialog/content/draft/topics/no-such-topic', { token: admin })).status,
    ).toBe(404);

    const thanks = editable(await publishedTopic('thanks'));
    const broken = await call('PUT', '/dialog/content/draft/topics/thanks', {
      token: admin,
      body: { ...thanks, followUps: ['no-such-topic'] },
    });
    expect(broken.status).toBe(200);
    const refused = await call('POST', '/dialog/content/publish', { token: admin, body: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toContain('topic thanks: unknown follow-up no-such-topic');
    expect((await call('GET', '/dialog/content', { token: admin })).body.version).toBe(3);

    expect((await call('POST', '/dialog/content/draft/discard', { token: admin })).body).toEqual({
      discarded: true,
    });
    expect((await call('GET', '/dialog/content/draft', { token: admin })).body.exists).toBe(false);
    expect((await call('POST', '/dialog/content/publish', { token: admin, body: {} })).status).toBe(409);
  });

  it('lets exactly one of two concurrent publishes win', async () => {
    const body = editable(await publishedTopic('thanks'));
    body.answer.en = 'You are welcome!';
    expect((await call('PUT', '/dialog/content/draft/topics/thanks', { token: admin, body })).status).toBe(
      200,
    );
    const results = await Promise.all([
      call('POST', '/dialog/content/publish', { token: admin, body: { note: 'first' } }),
      call('POST', '/dialog/content/publish', { token: admin, body: { note: 'second' }, on: replica }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const versions = await call('GET', '/dialog/content/versions', { token: admin });
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
  });

  it('validates request bodies and path ids', async () => {
    const bad = await call('PUT', '/dialog/content/draft/topics/property-tax', {
      token: admin,
      body: { kind: 'poem' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^kind: /), expect.stringMatching(/^department: /)]),
    );
    expect(
      (
        await call('PUT', '/dialog/content/draft/topics/Not_Kebab', {
          token: admin,
          body: editable(await publishedTopic('thanks')),
        })
      ).status,
    ).toBe(400);
    expect((await call('GET', '/dialog/content/versions/abc', { token: admin })).status).toBe(400);
  });

  it("scopes departments and health measures to the editor's departments", async () => {
    const revenue = (await call('GET', '/dialog/content', { token: admin })).body.content.departments.find(
      (d: { id: string }) => d.id === 'local-revenue',
    );
    const department = {
      name: { 'cnr-Latn': revenue.name['cnr-Latn'], en: revenue.name.en },
      officeHours: { 'cnr-Latn': 'Radnim danima 8-15', en: 'Weekdays 8-15' },
      phones: ['+382 33 451 452'],
    };
    expect(
      (
        await call('PUT', '/dialog/content/draft/departments/local-revenue', {
          token: selfGovEditor,
          body: department,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('PUT', '/dialog/content/draft/departments/local-revenue', {
          token: revenueEditor,
          body: department,
        })
      ).status,
    ).toBe(200);
    const measures = {
      updatedAt: '2027-01-01',
      text: { 'cnr-Latn': 'Nema posebnih mjera.', en: 'No special measures.' },
    };
    expect(
      (await call('PUT', '/dialog/content/draft/health-measures', { token: revenueEditor, body: measures }))
        .status,
    ).toBe(403);
    expect(
      (await call('PUT', '/dialog/content/draft/health-measures', { token: selfGovEditor, body: measures }))
        .status,
    ).toBe(200);
    // Each editor's changes are now in the draft: neither may publish or discard the other's. A PUT
    // replaces the whole entry, so the note and source link left out are removed.
    const diff = (await call('GET', '/dialog/content/draft/diff', { token: admin })).body;
    expect(diff).toEqual([
      {
        area: 'department',
        id: 'local-revenue',
        change: 'changed',
        fields: ['aliases', 'note', 'officeHours', 'phones', 'sources'],
      },
      {
        area: 'health-measures',
        id: 'health-measures',
        change: 'changed',
        fields: ['sourceUrl', 'sources', 'text', 'updatedAt'],
      },
    ]);
    const refused = await call('POST', '/dialog/content/publish', { token: revenueEditor, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.changes).toEqual([diff[1]]);
    expect((await call('POST', '/dialog/content/draft/discard', { token: selfGovEditor })).status).toBe(403);
    expect((await call('POST', '/dialog/content/draft/discard', { token: admin })).body).toEqual({
      discarded: true,
    });
  });
});
