import { RunningBatchConsumer } from '@citizen-desk/messaging';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { StaffViberLinks } from './staff-viber-links';

const DURABLE = 'broadcast-staff-viber-links';
const ACCESS_DURABLE = 'broadcast-staff-access';

/** A code a staff member sent to the bot from Viber: link that Viber account to them if the code is valid. */
export function consumeStaffViberLinks(
  runtime: ServiceRuntime,
  links: StaffViberLinks,
): Promise<RunningBatchConsumer> {
  return runtime.consumeEvents({
    durable: DURABLE,
    subjects: 'dialog.staff-viber-link-requested',
    on: {
      StaffViberLinkRequested: async ({ data: { code, citizenId, at } }, { manager }) => {
        const staffId = await links.redeem(manager, code, citizenId, at);
        if (staffId) runtime.logger.info({ staffId }, 'staff Viber account linked');
        else runtime.logger.warn('an unknown or expired staff link code was sent to the bot');
      },
    },
  });
}

/**
 * A deactivated staff member's own Viber account is no longer theirs to test with: the link and any
 * code waiting go at once (handoff erases the rest of their personal data after
 * STAFF_ACCOUNT_RETENTION_DAYS). Reactivated, they link again with a new code.
 */
export function consumeStaffDeactivations(
  runtime: ServiceRuntime,
  links: StaffViberLinks,
): Promise<RunningBatchConsumer> {
  return runtime.consumeEvents({
    durable: ACCESS_DURABLE,
    subjects: 'staff.account-changed',
    on: {
      StaffAccountChanged: async ({ data: { staffId, change, at } }, { manager }) => {
        if (change === 'deactivated' && (await links.unlink(manager, staffId, at)))
          runtime.logger.info({ staffId }, 'staff Viber account unlinked: the account was deactivated');
      },
    },
  });
}
