import { ERASED } from '@citizen-desk/contracts';
import { EventStore } from '@citizen-desk/event-store';
import { EntityManager } from 'typeorm';
import { staffStreamId } from './staff-account.events';

/** The holder's personal fields in each kind of event of an account's own stream. */
const HOLDER_FIELDS: ReadonlyArray<[string, string[]]> = [
  ['StaffAccountCreated', ['email', 'name', 'passwordHash']],
  ['StaffPasswordChanged', ['passwordHash']],
  ['StaffPasswordHashUpgraded', ['passwordHash']],
  ['StaffProfileChanged', ['name']],
];

/** The session events that name the operator (their contracts require the name: it reads ERASED). */
const OPERATOR_NAMED_EVENTS = ['HandoffSessionAssigned', 'HandoffMessageFromOperator', 'HandoffNoteAdded'];

/**
 * What the StaffAccountErased event leaves out of the record, in its transaction: the holder's name,
 * e-mail and hashes in the account's earlier events (so that no replay brings them back), and their
 * name as an operator in handoff's sessions and session events. Ids stay: who did what is still
 * traceable to an account, no longer to a person.
 */
export async function eraseStaffHolder(
  eventStore: EventStore,
  manager: EntityManager,
  staffId: string,
): Promise<void> {
  for (const [type, fields] of HOLDER_FIELDS)
    await eventStore.eraseEventFields([staffStreamId(staffId)], type, fields, manager);
  // Rewritten, not removed as above: the session events' contracts require the name.
  await manager.query(
    `UPDATE events SET data = jsonb_set(data, '{operatorName}', to_jsonb($3::text))
      WHERE type = ANY($1) AND data->>'operatorId' = $2 AND data->>'operatorName' IS DISTINCT FROM $3`,
    [OPERATOR_NAMED_EVENTS, staffId, ERASED],
  );
  await manager.query('UPDATE handoff_sessions SET operator_name = $2 WHERE operator_id = $1', [
    staffId,
    ERASED,
  ]);
}
