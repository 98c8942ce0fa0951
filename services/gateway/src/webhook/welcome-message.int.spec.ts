import { CONTENT_KV_BUCKET, WELCOME_MESSAGE_KEY } from '@citizen-desk/contracts';
import { connectMessaging, Messaging } from '@citizen-desk/messaging';
import { createLogger } from '@citizen-desk/observability';
import { eventually, testNamespace, testNatsUrl } from '@citizen-desk/testing';
import { WelcomeMessageRepository } from './welcome-message.repository';

describe('the welcome message from the content KV bucket', () => {
  const ns = testNamespace();
  let messaging: Messaging;
  beforeAll(async () => {
    messaging = await connectMessaging({ url: testNatsUrl(), namespace: ns, name: 'welcome-test' });
  });
  afterAll(async () => {
    await messaging.deleteKvBuckets();
    await messaging.close();
  });

  it('survives a value that is not JSON, keeps the welcome in use and takes the next valid one', async () => {
    const kv = await messaging.kv(CONTENT_KV_BUCKET);
    await kv.put(WELCOME_MESSAGE_KEY, 'this is {not json');
    const repo = await WelcomeMessageRepository.open(messaging, createLogger('welcome-test', 'silent'));
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(repo.current()).toMatchObject({ kind: 'text', text: expect.stringContaining('Budva') });
      await kv.put(WELCOME_MESSAGE_KEY, '\u0000\u0001');
      await kv.put(WELCOME_MESSAGE_KEY, JSON.stringify({ kind: 'text', text: 'Zdravo!' }));
      await eventually(
        () => repo.current().kind === 'text' && (repo.current() as { text: string }).text === 'Zdravo!',
      );
    } finally {
      await repo.stop();
    }
  });
});
