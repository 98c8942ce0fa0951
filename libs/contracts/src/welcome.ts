/**
 * The dialog publishes facts about its content in use to this JetStream KV bucket. One of them, under
 * WELCOME_MESSAGE_KEY, is the welcome message (an OutgoingMessage as JSON), which the gateway must give
 * in its HTTP answer to Viber's `conversation_started` and so keeps watching.
 */
export const CONTENT_KV_BUCKET = 'content';
export const WELCOME_MESSAGE_KEY = 'welcome';
