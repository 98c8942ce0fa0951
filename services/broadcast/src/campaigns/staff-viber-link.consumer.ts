import { RunningBatchConsumer } from '@citizen-desk/messaging';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { StaffViberLinks } from './staff-viber-links';

const DURABLE = 'broadcast-staff-viber-links';

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
