import { randomBytes } from 'node:crypto';
import { ConfigError } from '@citizen-desk/config';

export type AdminPassword = { password: string; generated: boolean };

/** A random password that satisfies the password policy (base64url of 18 bytes, with a fixed prefix mixing classes). */
export function generateAdminPassword(): string {
  return `Bd-${randomBytes(18).toString('base64url')}`;
}

/**
 * The password for the first admin. Production must name one; a development machine gets a random
 * one, which the caller logs once, so nobody ships a well-known default password.
 */
export function adminBootstrapPassword(
  config: { NODE_ENV: string; STAFF_ADMIN_PASSWORD?: string },
  generate: () => string = generateAdminPassword,
): AdminPassword {
  if (config.STAFF_ADMIN_PASSWORD) return { password: config.STAFF_ADMIN_PASSWORD, generated: false };
  if (config.NODE_ENV === 'production') {
    throw new ConfigError(['STAFF_ADMIN_PASSWORD: required in production to create the first admin account']);
  }
  return { password: generate(), generated: true };
}
