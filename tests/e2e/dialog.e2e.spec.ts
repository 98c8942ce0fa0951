import { makeEnvelope } from '@citizen-desk/contracts';
import { eventually, waitUntilIdle } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import { loadSeedContent } from '../../services/dialog/src/content';
import { startPlatform, VIBER_TOKEN } from './platform.fixture';
import { textMessageCallback } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
const content = loadSeedContent();
const topic = (id: string) => content.topics.find((t) => t.id === id)!;

describe('the robotic call centre, through Viber', () => {
  let p: Platform;
  let n = 0;
  beforeAll(async () => {
    p = await startPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  /** Sends a citizen's text and returns the bot's next message to them. */
  async function ask(user: string, text: string) {
    const before = p.viber.sentMessages().filter((m: { receiver: string }) => m.receiver === user).length;
    expect(
      (await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback(user, text))).status,
    ).toBe(200);
    const all = await eventually(() => {
      const mine = p.viber.sentMessages().filter((m: { receiver: string }) => m.receiver === user);
      return mine.length > before ? mine : undefined;
    });
    return all[all.length - 1] as {
      text: string;
      keyboard?: { Buttons: Array<{ ActionBody: string; Text: string }> };
    };
  }
  const user = () => `dialog-${++n}==`;

  it('answers a question without diacritics in Montenegrin Latin', async () => {
    const reply = await ask(user(), 'kako da platim porez na nepokretnost');
    expect(reply.text).toBe(topic('property-tax').answer['cnr-Latn']);
  });

  it('answers a question in Cyrillic in Cyrillic', async () => {
    const reply = await ask(user(), 'порез на непокретности');
    expect(reply.text).toBe(topic('property-tax').answer['cnr-Cyrl']);
  });

  it('answers in English to English', async () => {
    const reply = await ask(user(), 'how do I apply for one-time financial aid?');
    expect(reply.text).toBe(topic('financial-aid').answer.en);
  });

  it('says honestly that it did not understand, and offers the menu and an operator', async () => {
    const reply = await ask(user(), 'ko je osvojio ligu šampiona');
    expect(reply.text).toContain(content.texts.notUnderstood['cnr-Latn']);
    expect(reply.keyboard!.Buttons.map((b) => b.ActionBody)).toContain('op:request');
  });

  it('follows a tap on a menu button to its topic', async () => {
    const citizen = user();
    const menu = await ask(citizen, 'menu:information');
    expect(menu.keyboard!.Buttons.map((b) => b.ActionBody)).toContain('topic:contacts');
    const directory = await ask(citizen, 'topic:contacts');
    expect(directory.text).toContain('lokalna.samouprava@budva.me');
  });

  it('hands over to a person, stays silent while the handoff lasts, and answers again after it', async () => {
    const citizen = user();
    const connecting = await ask(citizen, 'op:request');
    expect(connecting.text).toBe(content.texts.operatorConnecting['cnr-Latn']);
    const count = () =>
      p.viber.sentMessages().filter((m: { receiver: string }) => m.receiver === citizen).length;
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback(citizen, 'halo, ima li koga?'));
    // The dialog has handled the message (and anything it set off has run): the bot stayed silent.
    await waitUntilIdle(p.namespace);
    expect(count()).toBe(1);
    // The handoff service announces the end of the session; the conversation returns to the bot.
    await p.gateway.runtime.messaging.publish(
      makeEnvelope({
        type: 'HandoffSessionEnded',
        version: 1,
        streamId: 'handoff-session-1',
        data: {
          sessionId: 's1',
          citizenId: await p.citizenIdOf(citizen),
          department: 'local-self-government',
          endedBy: 'operator',
          endedAt: new Date().toISOString(),
        },
      }),
    );
    // The dialog has taken the end of the session in before the citizen writes again.
    await waitUntilIdle(p.namespace);
    const reply = await ask(citizen, 'porez na nepokretnost');
    expect(reply.text).toBe(topic('property-tax').answer['cnr-Latn']);
  });

  const eventsOf = async (citizen: string, type: string) =>
    (await p.dialog.runtime.dataSource.query(`SELECT data FROM events WHERE type = $1 AND stream_id = $2`, [
      type,
      `conversation-${await p.citizenIdOf(citizen)}`,
    ])) as Array<{ data: Record<string, unknown> }>;
  const values = (reply: Awaited<ReturnType<typeof ask>>) => reply.keyboard!.Buttons.map((b) => b.ActionBody);

  it('lets a citizen choose which notices to receive from the menu, each change confirmed', async () => {
    const citizen = user();
    const choice = await ask(citizen, 'topic:notices');
    expect(values(choice)).toEqual(expect.arrayContaining(['notice:health', 'notice:culture']));
    const question = await ask(citizen, 'notice:health');
    expect(question.text).toContain(content.texts.noticesConfirm['cnr-Latn']);
    expect(values(question)).toEqual(['subjects:yes', 'subjects:no']);
    const saved = await ask(citizen, 'subjects:yes');
    expect(saved.keyboard!.Buttons.find((b) => b.ActionBody === 'notice:health')!.Text).toMatch(/^✓/);
    const recorded = await eventually(() =>
      eventsOf(citizen, 'NoticeCategoriesChosen').then((rows) => rows[0]),
    );
    expect(recorded.data.categories).toEqual(['health']);
  });

  it('goes one level up with Back and to the main menu with Home', async () => {
    const citizen = user();
    const services = await ask(citizen, 'menu:services');
    expect(values(services)).toEqual(expect.arrayContaining(['topic:property-tax', 'nav:back', 'menu:main']));
    const answer = await ask(citizen, 'topic:property-tax');
    expect(answer.text).toBe(topic('property-tax').answer['cnr-Latn']);
    expect(values(answer)).toEqual(expect.arrayContaining(['nav:back', 'menu:main']));
    const back = await ask(citizen, 'nav:back');
    expect(values(back)).toEqual(values(services));
    const main = await ask(citizen, 'nav:back');
    expect(values(main)).toEqual(expect.arrayContaining(['menu:services', 'menu:my-data']));
    expect(values(main)).not.toContain('nav:back');
    await ask(citizen, 'topic:property-tax');
    const home = await ask(citizen, 'menu:main');
    expect(values(home)).toEqual(values(main));
  });

  it('stops notices from the menu only after Yes; No returns to the menu', async () => {
    const citizen = user();
    const myData = await ask(citizen, 'menu:my-data');
    expect(values(myData)).toEqual(
      expect.arrayContaining(['topic:notices', 'topic:unsubscribe', 'topic:forget-me']),
    );
    const question = await ask(citizen, 'topic:unsubscribe');
    expect(question.text).toBe(content.texts.unsubscribeConfirm['cnr-Latn']);
    expect(values(question)).toEqual(['unsubscribe:yes', 'unsubscribe:no']);
    const no = await ask(citizen, 'unsubscribe:no');
    expect(no.text).toBe(content.texts.confirmDeclined['cnr-Latn']);
    expect(values(no)).toEqual(values(myData));
    expect(await eventsOf(citizen, 'CitizenOptedOut')).toHaveLength(0);
    await ask(citizen, 'topic:unsubscribe');
    const yes = await ask(citizen, 'unsubscribe:yes');
    expect(yes.text).toBe(content.texts.unsubscribed['cnr-Latn']);
    await eventually(() => eventsOf(citizen, 'CitizenOptedOut').then((rows) => rows.length === 1));
  });

  it('asks before stopping notices when asked in words', async () => {
    const citizen = user();
    const question = await ask(citizen, 'odjavite me sa obavještenja');
    expect(values(question)).toEqual(['unsubscribe:yes', 'unsubscribe:no']);
    expect(await eventsOf(citizen, 'CitizenOptedOut')).toHaveLength(0);
    await ask(citizen, 'unsubscribe:yes');
    await eventually(() => eventsOf(citizen, 'CitizenOptedOut').then((rows) => rows.length === 1));
  });

  it('forgets a citizen from the menu only after Yes', async () => {
    const citizen = user();
    await ask(citizen, 'menu:my-data');
    const question = await ask(citizen, 'topic:forget-me');
    expect(values(question)).toEqual(['forget:yes', 'forget:no']);
    const no = await ask(citizen, 'forget:no');
    expect(values(no)).toContain('topic:forget-me');
    expect(await eventsOf(citizen, 'BotReplied')).not.toHaveLength(0);
    await ask(citizen, 'topic:forget-me');
    const yes = await ask(citizen, 'forget:yes');
    expect(yes.text).toBe(content.texts.forgotten['cnr-Latn']);
    await eventually(() => eventsOf(citizen, 'BotReplied').then((rows) => rows.length === 0));
  });

  it('exposes its understanding at POST /dialog/understand', async () => {
    const res = await fetch(`${p.dialog.url}/dialog/understand`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'порез' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      topic: 'property-tax',
      language: 'cnr-Cyrl',
      confidence: expect.any(Number),
    });
    const bad = await fetch(`${p.dialog.url}/dialog/understand`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(bad.status).toBe(400);
  });
});
