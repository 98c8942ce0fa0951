import { runBackupDrill } from './backup-drill';

/**
 * The backup and restore drill, small: its own PostgreSQL and NATS, backup, restore into empty
 * ones, projections rebuilt, every table and the stream equal to the originals.
 */
describe('npm run drill:backup', () => {
  it('restores PostgreSQL and the JetStream stream, and rebuilds projections equal to the originals', async () => {
    const rows = await runBackupDrill({ events: 300, log: () => undefined });
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter(([, original, restored]) => original !== restored)).toEqual([]);
    const stream = rows.find(([what]) => what.startsWith('JetStream stream'))!;
    expect(stream[1]).toMatch(/^300 messages /);
    const events = rows.find(([what]) => what === 'analytics_events (rebuilt)')!;
    expect(events[1]).toMatch(/^300 rows /);
  }, 180_000);
});
