import { bounded, scrapedGauge } from '@citizen-desk/service-kit';
import { SessionsRepository } from './sessions.repository';

type Source = () => Promise<Array<{ department: string; seconds: number }>>;
const sources = new Set<Source>();

/**
 * `citizen_desk_handoff_oldest_wait_seconds{department}`: how long the citizen waiting longest for an
 * operator has waited, read from the sessions table when Prometheus scrapes (every replica reports
 * the same figure; the alert takes the max). Departments nobody waits in are absent. Returns the
 * unregistration, for the service's stop.
 */
export function registerOldestWaitGauge(repo: SessionsRepository, now: () => Date): () => void {
  const source: Source = () => repo.oldestWaits(now());
  sources.add(source);
  scrapedGauge(
    'citizen_desk_handoff_oldest_wait_seconds',
    'Seconds the citizen waiting longest in office hours has waited for an operator, per department',
    ['department'],
    async (g) => {
      for (const read of sources) {
        for (const { department, seconds } of (await bounded(read())) ?? []) g.set({ department }, seconds);
        break; // one database: every registered source sees the same rows
      }
    },
  );
  return () => sources.delete(source);
}
