import { callJson, eventually } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import { loadSeedContent, Topic } from '../../services/dialog/src/content';
import { analyticsGet, staffToken, staffTokenOf, startPlatform, VIBER_TOKEN } from './platform.fixture';
import { textMessageCallback } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
const content = loadSeedContent();

/**
 * The loop that keeps the bot learning: a question it does not understand lands in the editors'
 * not-understood inbox (analytics), an editor adds it to a topic's examples through the content admin
 * API and publishes, and the bot understands the same question from then on.
 */
describe('the not-understood inbox, through the APIs', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform();
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
  });

  /** Sends a citizen's text through the Viber webhook and returns the bot's next message to them. */
  async function ask(user: string, text: string) {
    const mine = () => p.viber.sentMessages().filter((m: { receiver: string }) => m.receiver === user);
    const before = mine().length;
    expect(
      (await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback(user, text))).status,
    ).toBe(200);
    const all = await eventually(() => (mine().length > before ? mine() : undefined));
    return all[all.length - 1] as { text: string };
  }

  const QUESTION = 'Gdje mogu izvaditi uvjerenje o prebivalištu?';

  it('a question the bot did not understand reaches the inbox; once an editor adds it, the bot understands it', async () => {
    const citizen = 'inbox-1==';
    expect((await ask(citizen, QUESTION)).text).toBe(content.texts.notUnderstood['cnr-Latn']);

    const inbox = await eventually(
      async () => {
        const { rows } = await analyticsGet<{ rows: Array<{ text: string; count: number }> }>(
          p.analytics.url,
          '/analytics/not-understood?limit=50',
        );
        return rows.find((row) => /prebivali/.test(row.text));
      },
      { message: 'the question is in the not-understood inbox', timeoutMs: 30_000 },
    );
    expect(inbox.count).toBe(1);

    // The editor files the inbox's text under the directory (contacts) and publishes.
    const editor = await staffToken('editor');
    const call = (method: string, path: string, body?: unknown) =>
      callJson(p.dialog.url, method, path, { token: editor, body });
    const published = (await call('GET', '/dialog/content')).body;
    const contacts: Topic = published.content.topics.find((t: Topic) => t.id === 'contacts');
    const put = await call('PUT', '/dialog/content/draft/topics/contacts', {
      department: contacts.department,
      kind: contacts.kind,
      title: { 'cnr-Latn': contacts.title['cnr-Latn'], en: contacts.title.en },
      answer: { 'cnr-Latn': contacts.answer['cnr-Latn'], en: contacts.answer.en },
      examples: { 'cnr-Latn': [...contacts.examples['cnr-Latn'], inbox.text], en: contacts.examples.en },
      followUps: contacts.followUps,
    });
    expect(put.status).toBe(200);
    const publish = await call('POST', '/dialog/content/publish', { note: 'from the not-understood inbox' });
    expect(publish.status).toBe(200);

    await eventually(
      async () => {
        const res = await callJson(p.dialog.url, 'POST', '/dialog/understand', { body: { text: QUESTION } });
        return res.body.contentVersion === publish.body.version && res.body.topic === 'contacts';
      },
      { message: 'the new version is in use and understands the question', timeoutMs: 10_000 },
    );
    const reply = await ask(citizen, QUESTION);
    expect(reply.text).toContain(contacts.answer['cnr-Latn']);
  }, 90_000);

  it("an editor files one question under a topic and dismisses another: both leave the editors' inbox", async () => {
    const FILED = 'Koliko se plaća za mansardu i tavan?';
    const DISMISSED = 'Kad počinje karneval u Budvi?';
    for (const [citizen, text] of [
      ['inbox-2==', FILED],
      ['inbox-3==', DISMISSED],
    ])
      expect((await ask(citizen, text)).text).toBe(content.texts.notUnderstood['cnr-Latn']);

    // The editor's own token: the inbox route is open to editors, not only officials.
    const editor = await staffTokenOf({
      sub: 'e2e-revenue-editor',
      email: 'editor@budva.local',
      name: 'Editor',
      roles: ['editor'],
      departments: ['local-revenue'],
    });
    const inbox = async () => {
      const r = await fetch(`${p.analytics.url}/analytics/not-understood/inbox?limit=100`, {
        headers: { authorization: `Bearer ${editor}` },
      });
      expect(r.status).toBe(200);
      return ((await r.json()) as { rows: Array<{ text: string }> }).rows.map((row) => row.text);
    };
    const [filed, dismissed] = await eventually(
      async () => {
        const texts = await inbox();
        const f = texts.find((t) => t.includes('mansardu'));
        const d = texts.find((t) => t.includes('karneval'));
        return f && d ? [f, d] : undefined;
      },
      { message: 'both questions are in the inbox', timeoutMs: 30_000 },
    );

    const call = (path: string, body: unknown) =>
      callJson(p.dialog.url, 'POST', path, { token: editor, body });
    const filing = await call('/dialog/content/draft/topics/property-tax/examples', { question: filed });
    expect(filing.status).toBe(200);
    expect(filing.body.added).toBe(true);
    expect((await call('/dialog/content/not-understood/dismissals', { question: dismissed })).status).toBe(
      200,
    );

    await eventually(
      async () => {
        const texts = await inbox();
        return !texts.includes(filed) && !texts.includes(dismissed);
      },
      { message: 'both are off the inbox (through NATS to analytics)', timeoutMs: 30_000 },
    );
    // The figure of what was not understood keeps them: only the worklist is emptied.
    const figure = await analyticsGet<{ rows: Array<{ text: string }> }>(
      p.analytics.url,
      '/analytics/not-understood?limit=500',
    );
    expect(figure.rows.map((r) => r.text)).toEqual(expect.arrayContaining([filed, dismissed]));
    // The draft has the phrase; the published content does not yet.
    const draft = await callJson(p.dialog.url, 'GET', '/dialog/content/draft', { token: editor });
    const topic = draft.body.content.topics.find((t: Topic) => t.id === 'property-tax');
    expect(topic.examples['cnr-Latn']).toContain(filed);
    const tried = await call('/dialog/content/draft/try', { text: FILED });
    expect(tried.body).toMatchObject({ topic: 'property-tax', fromDraft: true });
  }, 90_000);
});
