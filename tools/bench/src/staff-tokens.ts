import { issueTestStaffToken, StaffRole } from '@citizen-desk/auth';
import { connectMessaging } from '@citizen-desk/messaging';

/**
 * Staff tokens that services running as their own processes accept: signed with a key published, as
 * handoff publishes its own, in the namespace's key bucket, which every service watches.
 */
export async function staffTokensFor(
  natsUrl: string,
  namespace: string,
  department: string,
  subs: Array<[string, StaffRole]>,
): Promise<string[]> {
  const messaging = await connectMessaging({ url: natsUrl, namespace, name: 'bench-staff-tokens' });
  try {
    return await Promise.all(
      subs.map(([sub, role]) =>
        issueTestStaffToken(
          { sub, email: `${sub}@budva.local`, name: sub, roles: [role], departments: [department] },
          messaging,
          3600,
        ),
      ),
    );
  } finally {
    await messaging.close();
  }
}
