import {
  HANDOFF_TAP_PREFIXES,
  IncomingMessage,
  isHandoffTapPrefix,
  OPERATOR_REQUEST_TAP,
} from '@citizen-desk/contracts';

/**
 * Keyboard buttons carry their meaning in the text they send back (`topic:property-tax`), so a tap is
 * never mistaken for free text. Anything else a citizen sends is read as free text or media.
 */
export type CitizenInput =
  | { kind: 'tap-menu'; nodeId: string }
  | { kind: 'tap-topic'; topicId: string }
  | { kind: 'tap-language'; language: string }
  | { kind: 'tap-operator' }
  /** `nav:back`: one level up the menu tree (Home is `menu:<root>`). */
  | { kind: 'tap-back' }
  /** `forget:yes`, `unsubscribe:no`, `subjects:yes`: the answer to an "Are you sure?" question. */
  | { kind: 'tap-confirm'; action: ConfirmAction; confirmed: boolean }
  | { kind: 'tap-report'; action: ReportTapAction }
  /** `handoff:end`, `rate:1`…`rate:5`: the handoff service's buttons (contracts' handoffTap); it answers them. */
  | { kind: 'tap-handoff' }
  /** `notice:health`: switch a kind of notice on or off. */
  | { kind: 'tap-notice'; categoryId: string }
  | { kind: 'text'; text: string }
  | { kind: 'media'; messageKind: IncomingMessage['kind'] };

/**
 * The report flow's buttons: send, cancel, go on without a photo, list my reports, and the answers to
 * "may it be published without your name?" and "may the exact place be shown?".
 */
export const REPORT_TAP_ACTIONS = [
  'confirm',
  'cancel',
  'skip-photo',
  'mine',
  'location',
  'publish-yes',
  'publish-no',
  'exact-yes',
  'exact-no',
] as const;
export type ReportTapAction = (typeof REPORT_TAP_ACTIONS)[number];
const isReportTapAction = (value: string): value is ReportTapAction =>
  (REPORT_TAP_ACTIONS as readonly string[]).includes(value);

/** What is confirmed before it acts: forgetting the citizen, stopping notices, changing notice subjects. */
export const CONFIRM_ACTIONS = ['forget', 'unsubscribe', 'subjects'] as const;
export type ConfirmAction = (typeof CONFIRM_ACTIONS)[number];

export const tap = {
  menu: (nodeId: string) => `menu:${nodeId}`,
  topic: (topicId: string) => `topic:${topicId}`,
  language: (code: string) => `lang:${code}`,
  operator: () => OPERATOR_REQUEST_TAP,
  back: () => 'nav:back',
  confirm: (action: ConfirmAction, confirmed: boolean) => `${action}:${confirmed ? 'yes' : 'no'}`,
  report: (action: ReportTapAction) => `report:${action}`,
  notice: (categoryId: string) => `notice:${categoryId}`,
};

const TAP = new RegExp(
  `^(menu|topic|lang|op|nav|forget|unsubscribe|subjects|report|notice|${HANDOFF_TAP_PREFIXES.join('|')}):([A-Za-z0-9-]+)$`,
);

export function readCitizenInput(message: IncomingMessage): CitizenInput {
  const text = message.text?.trim() ?? '';
  if (message.kind !== 'text' || text === '') return { kind: 'media', messageKind: message.kind };
  const m = TAP.exec(text);
  if (!m) return { kind: 'text', text };
  const [, prefix, value] = m;
  if (isHandoffTapPrefix(prefix)) return { kind: 'tap-handoff' };
  switch (prefix) {
    case 'menu':
      return { kind: 'tap-menu', nodeId: value };
    case 'topic':
      return { kind: 'tap-topic', topicId: value };
    case 'lang':
      return { kind: 'tap-language', language: value };
    case 'op':
      return { kind: 'tap-operator' };
    case 'notice':
      return { kind: 'tap-notice', categoryId: value };
    case 'nav':
      return value === 'back' ? { kind: 'tap-back' } : { kind: 'text', text };
    case 'report':
      return isReportTapAction(value) ? { kind: 'tap-report', action: value } : { kind: 'text', text };
    default:
      // forget, unsubscribe, subjects: anything but an explicit yes is a no.
      return { kind: 'tap-confirm', action: prefix as ConfirmAction, confirmed: value === 'yes' };
  }
}
