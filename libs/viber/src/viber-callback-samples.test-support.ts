/**
 * Callback bodies shaped like the examples in Viber's REST Bot API documentation, as raw JSON text
 * with the message_token written as a bare 64-bit integer, the way Viber sends it.
 */
export const SAMPLE_TOKEN = '5490829281232874001'; // > 2^53: a JS number would round it
export const SAMPLE_USER_ID = '01234567890A=';
export const SAMPLE_TIMESTAMP = 1457764197627;

const user = `{"id":"${SAMPLE_USER_ID}","name":"John McClane","avatar":"http://avatar.example.com","country":"UK","language":"en","api_version":1}`;
const head = (event: string) =>
  `"event":"${event}","timestamp":${SAMPLE_TIMESTAMP},"message_token":${SAMPLE_TOKEN}`;

export const sampleCallbacks = {
  webhook: `{${head('webhook')},"chat_hostname":"SN-CHAT-01_"}`,
  conversation_started: `{${head('conversation_started')},"type":"open","context":"qr-code-beach","user":${user},"subscribed":false}`,
  subscribed: `{${head('subscribed')},"user":${user},"chat_hostname":"SN-376_"}`,
  unsubscribed: `{${head('unsubscribed')},"user_id":"${SAMPLE_USER_ID}"}`,
  message: `{${head('message')},"sender":${user},"message":{"type":"text","text":"a message to the service","tracking_data":"flow:report"},"silent":false}`,
  delivered: `{${head('delivered')},"user_id":"${SAMPLE_USER_ID}"}`,
  seen: `{${head('seen')},"user_id":"${SAMPLE_USER_ID}"}`,
  failed: `{${head('failed')},"user_id":"${SAMPLE_USER_ID}","desc":"failure description"}`,
} as const;

/** `message` callbacks of every message type Viber documents. */
export const sampleMessages: Record<string, string> = {
  text: `{"type":"text","text":"Dobar dan"}`,
  picture: `{"type":"picture","text":"rupa na putu","media":"http://www.images.com/img.jpg","thumbnail":"http://www.images.com/thumb.jpg","file_name":"img.jpg"}`,
  video: `{"type":"video","media":"http://www.images.com/video.mp4","thumbnail":"http://www.images.com/thumb.jpg","size":10000,"duration":10}`,
  file: `{"type":"file","media":"http://www.images.com/file.pdf","size":10000,"file_name":"name_of_file.pdf"}`,
  location: `{"type":"location","location":{"lat":42.2864,"lon":18.84,"address":"Budva, Montenegro"}}`,
  contact: `{"type":"contact","contact":{"name":"Itamar","phone_number":"+972511123123"}}`,
  sticker: `{"type":"sticker","sticker_id":46105}`,
  url: `{"type":"url","media":"http://www.website.com/go_here"}`,
  rich_media: `{"type":"rich_media","rich_media":{"Type":"rich_media","Buttons":[]}}`,
};

export function sampleMessageCallback(messageJson: string): string {
  return `{${head('message')},"sender":${user},"message":${messageJson}}`;
}
