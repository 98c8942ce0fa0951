let counter = 0n;

/** A fresh 64-bit message token, above 2^53 as Viber's are, written into the JSON unquoted. */
export function nextToken(): string {
  counter += 1n;
  return (5490829281232874000n + counter + BigInt(Date.now()) * 1000n).toString();
}

export function textMessageCallback(userId: string, text: string, token = nextToken()): string {
  return `{"event":"message","timestamp":${Date.now()},"chat_hostname":"SN-CHAT-01_","message_token":${token},"sender":{"id":${JSON.stringify(
    userId,
  )},"name":"Marko Marković","avatar":"https://avatar.example/a.jpg","country":"ME","language":"sr","api_version":10},"message":{"type":"text","text":${JSON.stringify(
    text,
  )}},"silent":false}`;
}

export function conversationStartedCallback(userId: string, token = nextToken()): string {
  return `{"event":"conversation_started","timestamp":${Date.now()},"chat_hostname":"SN-CHAT-01_","message_token":${token},"type":"open","context":"launch","user":{"id":${JSON.stringify(
    userId,
  )},"name":"Jelena","avatar":"https://avatar.example/j.jpg","language":"en","country":"ME","api_version":10},"subscribed":false}`;
}
