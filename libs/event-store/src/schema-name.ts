/**
 * Schema names end up inside SQL (search_path, LISTEN channels, advisory-lock keys) where they cannot
 * be bound as parameters, so only plain lower-case identifiers are accepted.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `invalid schema name "${schema}": use lower-case letters, digits and _ (at most 48 characters)`,
    );
  }
  return schema;
}

/** The NOTIFY channel on which appends wake the outbox relay of one schema. */
export function outboxChannelOf(schema: string): string {
  return `outbox_${assertSchemaName(schema)}`;
}

/** Advisory-lock keys are database-wide; the schema in the key keeps services apart. */
export function migrationLockKeyOf(schema: string): string {
  return `citizen-desk:migrations:${schema}`;
}

export function relayLockKeyOf(schema: string): string {
  return `citizen-desk:outbox-relay:${schema}`;
}
