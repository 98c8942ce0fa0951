import { issueTestStaffToken, StaffClaims, StaffRole } from '@citizen-desk/auth';
import { dialogEnvSchema, loadConfig } from '@citizen-desk/config';
import { callJson, cleanupNamespace, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { Topic } from '../content';
import { Dialog, startDialog } from '../dialog.app';
import { NOT_UNDERSTOOD_STREAM } from './not-understood-inbox';

/**
 * The editors' embedded chat answers from the draft, and the not-understood inbox's two actions (file
 * under a topic, dismiss), against real PostgreSQL and NATS.
 */
const ns = testNamespace();
let dialog: Dialog;
let revenueEditor: string;
let selfGovEditor: string;

const tokenFor = (roles: StaffRole[], departments: string[], name: string) => {
  const claims: StaffClaims = { sub: `staff-${name}`, email: `${name}@budva.me`, name, roles, departments };
  return issueTestStaffToken(claims, dialog.runtime.messaging, 3600);
};
const call = (method: string, path: string, token?: string, body?: unknown) =>
  callJson(dialog.url, method, path, { token, body });

beforeAll(async () => {
  dialog = await startDialog(loadConfig(dialogEnvSchema, serviceTestEnv(ns)));
  [revenueEditor, selfGovEditor] = await Promise.all([
    tokenFor(['editor'], ['local-revenue'], 'revenue-editor'),
    tokenFor(['editor'], ['local-self-government'], 'selfgov-editor'),
  ]);
});
afterAll(async () => {
  await dialog?.stop();
  await cleanupNamespace(ns);
});

const DRAFT_ANSWER = 'Rok za plaćanje poreza je 30. jun (samo u nacrtu).';

async function draftTopic(id: string): Promise<Topic> {
  const res = await call('GET', '/dialog/content/draft', revenueEditor);
  return res.body.content.topics.find((t: Topic) => t.id === id);
}

describe('POST /dialog/content/draft/try', () => {
  it('answers from the draft while citizens still get the published answer', async () => {
    const published = await call('POST', '/dialog/content/draft/try', revenueEditor, {
      text: 'porez na nepokretnosti',
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ topic: 'property-tax', outcome: 'answered', fromDraft: false });

    const topic = await draftTopic('property-tax');
    const put = await call('PUT', '/dialog/content/draft/topics/property-tax', revenueEditor, {
      department: topic.department,
      kind: topic.kind,
      title: { 'cnr-Latn': topic.title['cnr-Latn'], en: topic.title.en },
      answer: { 'cnr-Latn': DRAFT_ANSWER, en: topic.answer.en },
      examples: { 'cnr-Latn': topic.examples['cnr-Latn'], en: topic.examples.en },
      followUps: topic.followUps,
    });
    expect(put.status).toBe(200);

    const tried = await call('POST', '/dialog/content/draft/try', revenueEditor, {
      text: 'porez na nepokretnosti',
    });
    expect(tried.body).toMatchObject({ topic: 'property-tax', fromDraft: true });
    expect(tried.body.messages[0].text).toContain(DRAFT_ANSWER);
    // The published content in use has not changed.
    const understood = await call('POST', '/dialog/understand', undefined, {
      text: 'porez na nepokretnosti',
    });
    expect(understood.body.contentVersion).toBe(published.body.baseVersion);
    expect(
      dialog.content.current().content.topics.find((t) => t.id === 'property-tax')!.answer['cnr-Latn'],
    ).not.toBe(DRAFT_ANSWER);
  });

  it('follows the menu by taps, and refuses an empty text or an unknown language', async () => {
    const menu = await call('POST', '/dialog/content/draft/try', revenueEditor, { text: 'menu:services' });
    expect(menu.body).toMatchObject({ outcome: 'menu', menuAt: 'services' });
    expect((await call('POST', '/dialog/content/draft/try', revenueEditor, { text: ' ' })).status).toBe(400);
    expect(
      (await call('POST', '/dialog/content/draft/try', revenueEditor, { text: 'x', language: 'de' })).status,
    ).toBe(400);
  });
});

describe('the not-understood inbox: file under a topic, or dismiss', () => {
  const QUESTION = 'mansarda potkrovlje tavan';

  it('files a question as an example of a topic in the draft; the draft then understands it', async () => {
    const before = await call('POST', '/dialog/content/draft/try', revenueEditor, { text: QUESTION });
    expect(before.body.topic).not.toBe('property-tax');
    const filed = await call('POST', '/dialog/content/draft/topics/property-tax/examples', revenueEditor, {
      question: QUESTION,
    });
    expect(filed.status).toBe(200);
    expect(filed.body).toEqual({ topic: 'property-tax', question: QUESTION, added: true });
    const topic = await draftTopic('property-tax');
    expect(topic.examples['cnr-Latn']).toContain(QUESTION);
    expect(topic.examples['cnr-Cyrl']).toContain('мансарда поткровље таван');
    const after = await call('POST', '/dialog/content/draft/try', revenueEditor, { text: QUESTION });
    expect(after.body.topic).toBe('property-tax');
    // Filed twice: nothing added, and still off the inbox.
    const again = await call('POST', '/dialog/content/draft/topics/property-tax/examples', revenueEditor, {
      question: QUESTION,
    });
    expect(again.body.added).toBe(false);
  });

  it("refuses a topic outside the editor's departments and an unknown topic", async () => {
    const other = await call('POST', '/dialog/content/draft/topics/property-tax/examples', selfGovEditor, {
      question: 'nesto',
    });
    expect(other.status).toBe(403);
    const missing = await call('POST', '/dialog/content/draft/topics/no-such-topic/examples', revenueEditor, {
      question: 'nesto',
    });
    expect(missing.status).toBe(404);
  });

  it('records each filing and dismissal as a NotUnderstoodDismissed event (analytics projects it: e2e)', async () => {
    const dismissed = await call('POST', '/dialog/content/not-understood/dismissals', selfGovEditor, {
      question: '  asdf qwer ',
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.question).toBe('asdf qwer');
    const { events } = await dialog.runtime.eventStore.readStream(NOT_UNDERSTOOD_STREAM);
    expect(
      events.map((e) => [
        e.type,
        (e.data as { question: string }).question,
        (e.data as { topic: string | null }).topic,
      ]),
    ).toEqual([
      ['NotUnderstoodDismissed', QUESTION, 'property-tax'],
      ['NotUnderstoodDismissed', QUESTION, 'property-tax'],
      ['NotUnderstoodDismissed', 'asdf qwer', null],
    ]);
    expect((await call('POST', '/dialog/content/not-understood/dismissals', selfGovEditor, {})).status).toBe(
      400,
    );
  });

  it('takes filings and dismissals clicked at the same moment, each recorded once', async () => {
    const { events: before } = await dialog.runtime.eventStore.readStream(NOT_UNDERSTOOD_STREAM);
    const questions = ['prvo pitanje', 'drugo pitanje', 'trece pitanje', 'cetvrto pitanje'];
    const answers = await Promise.all(
      questions.map((question, i) =>
        i % 2
          ? call('POST', '/dialog/content/not-understood/dismissals', selfGovEditor, { question })
          : call('POST', '/dialog/content/draft/topics/property-tax/examples', revenueEditor, { question }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const { events } = await dialog.runtime.eventStore.readStream(NOT_UNDERSTOOD_STREAM);
    expect(
      events
        .slice(before.length)
        .map((e) => (e.data as { question: string }).question)
        .sort(),
    ).toEqual([...questions].sort());
  });
});
