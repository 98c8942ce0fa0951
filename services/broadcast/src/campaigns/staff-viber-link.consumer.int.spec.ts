import { broadcastEnvSchema, loadConfig } from '@citizen-desk/config';
import { makeEnvelope, StaffAccountChanged } from '@citizen-desk/contracts';
import { cleanupNamespace, eventually, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { Broadcast, startBroadcast } from '../broadcast.app';

/** A deactivated staff member's own Viber account stops being theirs to test with (real PostgreSQL and NATS). */
const ns = testNamespace();
let b: Broadcast;

beforeAll(async () => {
  b = await startBroadcast(
    loadConfig(broadcastEnvSchema, serviceTestEnv(ns, { BROADCAST_POLL_MS: '60000' })),
  );
});
afterAll(async () => {
  await b?.stop();
  await cleanupNamespace(ns);
});

const link = (staffId: string, citizenId: string, linkedAt: string) =>
  b.runtime.dataSource.query(
    'INSERT INTO staff_viber_links (staff_id, citizen_id, linked_at) VALUES ($1, $2, $3)',
    [staffId, citizenId, linkedAt],
  );
const changed = (data: StaffAccountChanged) =>
  b.runtime.messaging.publish(
    makeEnvelope({ type: 'StaffAccountChanged', version: 1, streamId: `staff-access-${data.staffId}`, data }),
  );
const linked = async () =>
  (await b.runtime.dataSource.query('SELECT staff_id FROM staff_viber_links ORDER BY staff_id')).map(
    (r: { staff_id: string }) => r.staff_id,
  );

describe('staff Viber links and deactivation', () => {
  it('unlinks a deactivated staff member at once, and no one whose link is newer or whose roles changed', async () => {
    await link('staff-gone', 'viber:gone-phone', '2026-11-01T08:00:00Z');
    await link('staff-relinked', 'viber:relinked-phone', '2026-11-20T08:00:00Z');
    await link('staff-promoted', 'viber:promoted-phone', '2026-11-01T08:00:00Z');
    await changed({
      staffId: 'staff-promoted',
      change: 'roles-changed',
      by: 'admin',
      at: '2026-11-10T08:00:00Z',
    });
    // Deactivated on the 10th, reactivated and linked again on the 20th: the news of the 10th changes nothing.
    await changed({
      staffId: 'staff-relinked',
      change: 'deactivated',
      by: 'admin',
      at: '2026-11-10T08:00:00Z',
    });
    await changed({ staffId: 'staff-gone', change: 'deactivated', by: 'admin', at: '2026-11-10T08:00:00Z' });
    await eventually(
      async () => {
        const [{ n }] = await b.runtime.dataSource.query(
          `SELECT count(*)::int AS n FROM processed_messages WHERE consumer LIKE '%staff-access%'`,
        );
        return n === 3;
      },
      { message: 'the three changes processed' },
    );
    expect(await linked()).toEqual(['staff-promoted', 'staff-relinked']);
  });
});
