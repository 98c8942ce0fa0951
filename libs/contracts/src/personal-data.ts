import { z } from 'zod';
import type { EventType } from './registry';

/**
 * Which fields of which events are a citizen's personal data, in one place. The event store and the
 * gateway encrypt these with the citizen's own key before an event is recorded or published
 * (crypto-shredding): forgetting a citizen deletes the key, and every copy (the services' `events`
 * tables, JetStream, analytics' copy, backups) becomes unreadable at once.
 *
 * The citizen's id stays in clear: subjects, stream ids and lookups route by it (see the README's
 * Security section for what that leaves behind after a forget).
 */

/** What a reader finds in place of a text field whose key was deleted. */
export const ERASED = '[erased]';

/**
 * How a sealed field reads when it cannot be decrypted: `text` becomes ERASED (for strings a schema
 * requires, and texts a person reads), `omit` is left out (coordinates, links, objects: optional).
 */
export type ErasedAs = 'text' | 'omit';

export interface PersonalFields {
  /** Dotted path of the citizen id whose key seals the fields; nothing is sealed without one. */
  owner: string;
  /** Dotted paths below `data`. */
  fields: Readonly<Record<string, ErasedAs>>;
}

const profile = { 'citizen.name': 'text', 'citizen.avatarUrl': 'omit' } as const;
const incoming = (at: string) =>
  ({
    [`${at}.text`]: 'text',
    [`${at}.mediaUrl`]: 'omit',
    [`${at}.thumbnailUrl`]: 'omit',
    [`${at}.fileName`]: 'omit',
    [`${at}.location`]: 'omit',
    [`${at}.contact`]: 'omit',
  }) as const;
const reportContent = {
  description: 'text',
  location: 'omit',
  address: 'omit',
  photoUrl: 'omit',
} as const;

export const PERSONAL_FIELDS: Readonly<Partial<Record<EventType, PersonalFields>>> = {
  // tracking_data comes back from the citizen's app: the platform sets none, but it is theirs to fill.
  CitizenMessageReceived: {
    owner: 'citizen.id',
    fields: { ...profile, ...incoming('message'), trackingData: 'omit' },
  },
  CitizenSubscribed: { owner: 'citizen.id', fields: profile },
  ConversationOpened: { owner: 'citizen.id', fields: { ...profile, context: 'omit' } },
  BotReplied: { owner: 'citizenId', fields: { text: 'text' } },
  HandoffRequested: { owner: 'citizenId', fields: { citizenName: 'text', text: 'text' } },
  // What the bot and operators send may repeat what the citizen said (the report summary does).
  SendMessageToCitizen: {
    owner: 'citizenId',
    fields: { 'message.text': 'text', 'message.caption': 'omit', 'message.trackingData': 'omit' },
  },
  ReportDraftUpdated: { owner: 'citizenId', fields: reportContent },
  ReportSubmitted: { owner: 'citizenId', fields: { citizenName: 'text', ...reportContent } },
  // Reports filed through Open311 or by staff have no citizen id: nothing of theirs to shred.
  ReportFiled: { owner: 'citizenId', fields: reportContent },
  HandoffSessionQueued: { owner: 'citizenId', fields: { citizenName: 'text', text: 'text' } },
  HandoffMessageFromCitizen: { owner: 'citizenId', fields: incoming('message') },
  HandoffMessageFromOperator: { owner: 'citizenId', fields: { text: 'text' } },
  // An operator's note for colleagues often repeats what the citizen said (an address, a complaint).
  HandoffNoteAdded: { owner: 'citizenId', fields: { text: 'text' } },
};

export function personalFieldsOf(type: string): PersonalFields | undefined {
  return (PERSONAL_FIELDS as Record<string, PersonalFields | undefined>)[type];
}

/**
 * The encrypted personal fields of an envelope: AES-256-GCM under the key `kid` of the citizen, the
 * envelope id as additional data (a blob moved to another event does not open). `ct` is the
 * ciphertext with the 16-byte tag appended, base64.
 */
export const sealedFieldsSchema = z.object({
  v: z.literal(1),
  kid: z.string().uuid(),
  iv: z.string().min(1),
  ct: z.string().min(1),
});
export type SealedFields = z.infer<typeof sealedFieldsSchema>;
