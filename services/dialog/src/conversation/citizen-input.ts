import { IncomingMessage } from '@citizen-desk/contracts';

/**
 * Keyboard buttons carry their meaning in the text they send back (`topic:property-tax`), so a tap is
 * never mistaken for free text. Anything else a citizen sends is read as free text or media.
 */
export type CitizenInput =
  | { kind: 'tap-menu'; nodeId: string }
  | { kind: 'tap-topic'; topicId: string }
  | { kind: 'tap-language'; language: string }
  | { kind: 'tap-operator' }
  | { kind: 'tap-forget'; confirmed: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'media'; messageKind: IncomingMessage['kind'] };

export const tap = {
  menu: (nodeId: string) => `menu:${nodeId}`,
  topic: (topicId: string) => `topic:${topicId}`,
  language: (code: string) => `lang:${code}`,
  operator: () => 'op:request',
  forget: (confirmed: boolean) => `forget:${confirmed ? 'yes' : 'no'}`,
};

const TAP = /^(menu|topic|lang|op|forget):([A-Za-z0-9-]+)$/;

export function readCitizenInput(message: IncomingMessage): CitizenInput {
  const text = message.text?.trim() ?? '';
  if (message.kind !== 'text' || text === '') return { kind: 'media', messageKind: message.kind };
  const m = TAP.exec(text);
  if (!m) return { kind: 'text', text };
  const [, prefix, value] = m;
  switch (prefix) {
    case 'menu':
      return { kind: 'tap-menu', nodeId: value };
    case 'topic':
      return { kind: 'tap-topic', topicId: value };
    case 'lang':
      return { kind: 'tap-language', language: value };
    case 'op':
      return { kind: 'tap-operator' };
    default:
      return { kind: 'tap-forget', confirmed: value === 'yes' };
  }
}
