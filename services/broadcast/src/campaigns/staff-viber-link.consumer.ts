import { StaffViberLinkRequested } from '@citizen-desk/contracts';
import { processOnce } from '@citizen-desk/event-store';
import { RunningConsumer } from '@citizen-desk/messaging';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { StaffViberLinks } from './staff-viber-links';

const DURABLE = 'broadcast-staff-viber-links';

/** A code a staff member sent to the bot from Viber: link that Viber account to them if the code is valid. */
export function consumeStaffViberLinks(
  runtime: ServiceRuntime,
  links: StaffViberLinks,
): Promise<RunningConsumer> {
  return runtime.consume({
    durable: DURABLE,
    subjects: 'dialog.staff-viber-link-requested',
    concurrency: 1,
    handler: async (envelope) => {
      if (envelope.type !== 'StaffViberLinkRequested') return;
      const { code, citizenId, at } = envelope.data as StaffViberLinkRequested;
      await processOnce(runtime.dataSource, DURABLE, envelope.id, async (manager) => {
        const staffId = await links.redeem(manager, code, citizenId, at);
        if (staffId) runtime.logger.info({ staffId }, 'staff Viber account linked');
        else runtime.logger.warn('an unknown or expired staff link code was sent to the bot');
      });
    },
  });
}
