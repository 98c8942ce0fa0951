import { RevocationReason, StaffSessionRevoker } from '@citizen-desk/auth';
import { makeEnvelope, StaffAccountChanged, StaffSessionRevoked } from '@citizen-desk/contracts';
import { EventStore } from '@citizen-desk/event-store';

/**
 * Revokes through the token directory (what every service acts on, within milliseconds), then
 * publishes StaffSessionRevoked / StaffAccountChanged for the record (audit trail, projections).
 */
export class RecordedRevocations implements StaffSessionRevoker {
  constructor(
    private readonly directory: StaffSessionRevoker,
    private readonly eventStore: Pick<EventStore, 'enqueue'>,
  ) {}

  async revokeSession(sid: string, at = new Date(), staffId?: string): Promise<void> {
    await this.directory.revokeSession(sid, at);
    if (!staffId) return;
    const data: StaffSessionRevoked = { staffId, sessionId: sid, reason: 'logout', at: at.toISOString() };
    await this.eventStore.enqueue([
      makeEnvelope({
        type: 'StaffSessionRevoked',
        version: 1,
        streamId: `staff-access-${staffId}`,
        data,
        occurredAt: at,
      }),
    ]);
  }

  async revokeStaff(
    staffId: string,
    reason: Exclude<RevocationReason, 'logout'>,
    at = new Date(),
    by?: string,
  ): Promise<void> {
    await this.directory.revokeStaff(staffId, reason, at);
    const data: StaffAccountChanged = { staffId, change: reason, by: by ?? staffId, at: at.toISOString() };
    await this.eventStore.enqueue([
      makeEnvelope({
        type: 'StaffAccountChanged',
        version: 1,
        streamId: `staff-access-${staffId}`,
        data,
        occurredAt: at,
      }),
    ]);
  }
}
