import { DataSource } from 'typeorm';
import { StaffAccountStore } from '../../staff-account.store';

/** Accounts erased per run; the next run takes the rest. */
const ACCOUNTS_PER_RUN = 100;

/**
 * Erases the holders of accounts deactivated before `before` (STAFF_ACCOUNT_RETENTION_DAYS ago): their
 * name, e-mail and password hash go, the account's id and roles stay. Each account is decided on its
 * stream, so one reactivated meanwhile is left alone. How many were erased.
 */
export class EraseStaffAccounts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: StaffAccountStore,
    private readonly now: () => Date,
  ) {}

  async execute(before: Date): Promise<number> {
    const due: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM staff_accounts WHERE NOT active AND erased_at IS NULL AND deactivated_at < $1
        ORDER BY deactivated_at LIMIT $2`,
      [before, ACCOUNTS_PER_RUN],
    );
    let erased = 0;
    for (const { id } of due) {
      const events = await this.store.handle(id, { type: 'EraseStaffAccount', at: this.now().toISOString() });
      erased += events.length;
    }
    return erased;
  }
}
