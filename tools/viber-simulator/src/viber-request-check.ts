/**
 * How the fake decides that a request is bad, the way Viber would: status 3 (bad data) for a body it
 * cannot use, 4 (missing data) for a missing receiver. Pure, so the rules are tested on their own.
 */
export interface ViberRejection {
  status: number;
  statusMessage: string;
}

export const VIBER_MAX_BROADCAST_RECEIVERS = 300;

const MESSAGE_TYPES = new Set([
  'text',
  'picture',
  'video',
  'file',
  'location',
  'contact',
  'sticker',
  'url',
  'rich_media',
]);

const bad = (detail: string): ViberRejection => ({ status: 3, statusMessage: `badData: ${detail}` });
const missing = (detail: string): ViberRejection => ({ status: 4, statusMessage: `missingData: ${detail}` });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The message part shared by send_message and broadcast_message. */
export function checkMessageBody(body: Record<string, unknown>): ViberRejection | null {
  const sender = body.sender;
  if (!isRecord(sender) || typeof sender.name !== 'string' || sender.name.length === 0)
    return bad('sender.name is required');
  if (sender.name.length > 28) return bad('sender.name is longer than 28 characters');
  if (typeof body.type !== 'string' || !MESSAGE_TYPES.has(body.type))
    return bad(`unknown message type ${String(body.type)}`);
  if (
    body.tracking_data !== undefined &&
    (typeof body.tracking_data !== 'string' || body.tracking_data.length > 4000)
  ) {
    return bad('tracking_data must be a string of at most 4000 characters');
  }
  switch (body.type) {
    case 'text':
      if (typeof body.text !== 'string' || body.text.length === 0) return bad('text is required');
      if (body.text.length > 7000) return bad('text is longer than 7000 characters');
      break;
    case 'picture':
      if (typeof body.media !== 'string' || !body.media) return bad('media is required');
      if (typeof body.text !== 'string') return bad('text is required for a picture (may be empty)');
      if (body.text.length > 768) return bad('picture text is longer than 768 characters');
      break;
    case 'url':
      if (typeof body.media !== 'string' || !body.media || body.media.length > 2000)
        return bad('media must be a URL of at most 2000 characters');
      break;
    case 'location': {
      const loc = body.location;
      if (!isRecord(loc) || typeof loc.lat !== 'number' || typeof loc.lon !== 'number')
        return bad('location.lat and location.lon are required');
      break;
    }
  }
  if (body.keyboard !== undefined) {
    const kb = body.keyboard;
    if (!isRecord(kb) || kb.Type !== 'keyboard' || !Array.isArray(kb.Buttons) || kb.Buttons.length === 0) {
      return bad('keyboard is not valid');
    }
    for (const button of kb.Buttons) {
      if (!isRecord(button) || typeof button.ActionBody !== 'string' || !button.ActionBody)
        return bad('keyboard button without ActionBody');
      const cols = button.Columns ?? 6;
      const rows = button.Rows ?? 1;
      if (
        typeof cols !== 'number' ||
        cols < 1 ||
        cols > 6 ||
        typeof rows !== 'number' ||
        rows < 1 ||
        rows > 2
      ) {
        return bad('keyboard button Columns must be 1-6 and Rows 1-2');
      }
    }
  }
  return null;
}

export function checkSendMessage(body: Record<string, unknown>): ViberRejection | null {
  if (typeof body.receiver !== 'string' || body.receiver.length === 0) return missing('receiver');
  return checkMessageBody(body);
}

export function checkBroadcastMessage(body: Record<string, unknown>): ViberRejection | null {
  const list = body.broadcast_list;
  if (list === undefined) return missing('broadcast_list');
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((r) => typeof r === 'string' && r.length > 0)
  ) {
    return bad('broadcast_list must be a non-empty list of receiver ids');
  }
  if (list.length > VIBER_MAX_BROADCAST_RECEIVERS) {
    return bad(
      `broadcast_list has ${list.length} receivers, at most ${VIBER_MAX_BROADCAST_RECEIVERS} allowed`,
    );
  }
  return checkMessageBody(body);
}
