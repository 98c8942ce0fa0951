import { StaffRole } from '@citizen-desk/auth';
import { ERASED } from '@citizen-desk/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { mustChangePasswordAfter } from './staff-account.decide';
import { StaffAccountEvent } from './staff-account.events';

export interface StaffAccountRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: StaffRole[];
  departments: string[];
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  /** Someone else chose the password: the holder must choose their own before anything else. */
  mustChangePassword: boolean;
  updatedAt: Date;
}

interface Row {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  roles: StaffRole[];
  departments: string[];
  active: boolean;
  failed_logins: number;
  locked_until: Date | null;
  must_change_password: boolean;
  updated_at: Date;
}

const COLUMNS =
  'id, email, name, password_hash, roles, departments, active, failed_logins, locked_until, must_change_password, updated_at';

function rowOf(r: Row): StaffAccountRow {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    passwordHash: r.password_hash,
    roles: r.roles,
    departments: r.departments,
    active: r.active,
    failedLogins: r.failed_logins,
    lockedUntil: r.locked_until,
    mustChangePassword: r.must_change_password,
    updatedAt: r.updated_at,
  };
}

/** What an erased account's e-mail reads: unique, lower case, and at a domain that never exists (RFC 2606). */
export function erasedEmailOf(staffId: string): string {
  return `erased-${staffId.toLowerCase()}@erased.invalid`;
}

/** The `staff_accounts` read model: queries, and the inline projection of staff events. */
export class StaffAccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByEmail(
    email: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StaffAccountRow | undefined> {
    const rows: Row[] = await manager.query(`SELECT ${COLUMNS} FROM staff_accounts WHERE email = $1`, [
      email.trim().toLowerCase(),
    ]);
    return rows[0] && rowOf(rows[0]);
  }

  async findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StaffAccountRow | undefined> {
    const rows: Row[] = await manager.query(`SELECT ${COLUMNS} FROM staff_accounts WHERE id = $1`, [id]);
    return rows[0] && rowOf(rows[0]);
  }

  async findByIds(ids: string[]): Promise<StaffAccountRow[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM staff_accounts WHERE id = ANY($1::text[])`,
      [ids],
    );
    return rows.map(rowOf);
  }

  async list(): Promise<StaffAccountRow[]> {
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM staff_accounts ORDER BY email`);
    return rows.map(rowOf);
  }

  async countActiveAdminsOtherThan(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const [{ n }] = await manager.query(
      `SELECT count(*)::int AS n FROM staff_accounts WHERE active AND 'admin' = ANY(roles) AND id <> $1`,
      [id],
    );
    return n;
  }

  /** Applies one staff event to the read model, in the transaction that appended it. */
  async project(manager: EntityManager, event: StaffAccountEvent): Promise<void> {
    const d = event.data;
    switch (event.type) {
      case 'StaffAccountCreated':
        await manager.query(
          `INSERT INTO staff_accounts (id, email, name, password_hash, roles, departments, active, updated_at, must_change_password)
           VALUES ($1, $2, $3, $4, $5, $6, true, $7, $8)`,
          [
            event.data.staffId,
            event.data.email,
            event.data.name,
            event.data.passwordHash,
            event.data.roles,
            event.data.departments,
            d.at,
            mustChangePasswordAfter(event) ?? false,
          ],
        );
        return;
      case 'StaffPasswordChanged':
        // A new password also lifts a lock: the admin who reset it vouches for the person.
        await manager.query(
          'UPDATE staff_accounts SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = $3, must_change_password = $4 WHERE id = $1',
          [d.staffId, event.data.passwordHash, d.at, mustChangePasswordAfter(event) ?? false],
        );
        return;
      case 'StaffPasswordHashUpgraded':
        await manager.query('UPDATE staff_accounts SET password_hash = $2 WHERE id = $1', [
          d.staffId,
          event.data.passwordHash,
        ]);
        return;
      case 'StaffProfileChanged':
        await manager.query(
          'UPDATE staff_accounts SET name = $2, roles = $3, departments = $4, updated_at = $5 WHERE id = $1',
          [d.staffId, event.data.name, event.data.roles, event.data.departments, d.at],
        );
        return;
      case 'StaffAccountDeactivated':
        await manager.query(
          'UPDATE staff_accounts SET active = false, deactivated_at = $2, updated_at = $2 WHERE id = $1',
          [d.staffId, d.at],
        );
        return;
      case 'StaffAccountReactivated':
        await manager.query(
          'UPDATE staff_accounts SET active = true, deactivated_at = NULL, failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $1',
          [d.staffId, d.at],
        );
        return;
      case 'StaffAccountErased':
        // The e-mail must stay unique and lower case: a placeholder no one can receive mail at.
        await manager.query(
          `UPDATE staff_accounts SET email = $3, name = $4, password_hash = '', failed_logins = 0,
             locked_until = NULL, erased_at = $2, updated_at = $2 WHERE id = $1`,
          [d.staffId, d.at, erasedEmailOf(d.staffId), ERASED],
        );
        return;
    }
  }
}
