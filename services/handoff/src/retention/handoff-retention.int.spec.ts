import { createServiceDataSource } from '@citizen-desk/event-store';
import { retentionCutoff } from '@citizen-desk/service-kit';
import { cleanupNamespace, testDatabaseUrl, testNamespace } from '@citizen-desk/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { handoffMigrations } from '../migrations';
import { handoffHistoryRule, handoffSessionsRule, reportPhotosRule, reportsRule } from './handoff-retention';

const ns = testNamespace();
let db: DataSource;
const now = new Date('2026-11-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

beforeAll(async () => {
  db = await createServiceDataSource({
    url: testDatabaseUrl(),
    schema: `${ns}_handoff`,
    poolSize: 2,
    migrations: handoffMigrations,
    createDatabase: false,
  });
});

afterAll(async () => {
  await db.destroy();
  await cleanupNamespace(ns);
});

async function event(streamId: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
     VALUES ($1, $2, 1, 'Something', 1, '{}', '{}', $3)`,
    [randomUUID(), streamId, at],
  );
}

async function session(
  id: string,
  status: 'waiting' | 'active' | 'closed',
  endedAt: Date | null,
  citizen = id,
) {
  await db.query(
    `INSERT INTO handoff_sessions (id, citizen_id, department, language, status, queued_at, last_activity_at, ended_at, version)
     VALUES ($1, $2, 'general', 'cnr-Latn', $3, $4, $4, $5, 1)`,
    [id, `viber:${citizen}`, status, daysAgo(800), endedAt],
  );
  await event(`handoff-session-${id}`, endedAt ?? daysAgo(800));
}

async function report(reference: string, status: string, updatedAt: Date, photo = false) {
  let photoId: string | null = null;
  if (photo) {
    photoId = randomUUID();
    await db.query(
      `INSERT INTO report_photos (id, content_type, bytes, data, stored_at) VALUES ($1, 'image/png', 1, '\\x00', $2)`,
      [photoId, updatedAt],
    );
  }
  await db.query(
    `INSERT INTO reports (reference, submission_id, category, department, status, description, language, channel,
                          filed_at, updated_at, photo_id)
     VALUES ($1, $1, 'other', 'communal-police', $2, 'Rupa na putu', 'cnr-Latn', 'viber', $3, $3, $4)`,
    [reference, status, updatedAt, photoId],
  );
  await event(`report-${reference}`, updatedAt);
}

const streams = async () =>
  (await db.query('SELECT stream_id FROM events ORDER BY stream_id')).map(
    (r: { stream_id: string }) => r.stream_id,
  );

describe('handoff retention (real PostgreSQL)', () => {
  it('deletes closed sessions and their streams past retention, never open or recent ones', async () => {
    await session('old-closed', 'closed', daysAgo(400));
    await session('recent-closed', 'closed', daysAgo(100));
    await session('old-open', 'active', null);
    const rule = handoffSessionsRule(365);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(1);
    const left = await db.query('SELECT id FROM handoff_sessions ORDER BY id');
    expect(left.map((r: { id: string }) => r.id)).toEqual(['old-open', 'recent-closed']);
    expect(await streams()).not.toContain('handoff-session-old-closed');
    expect(await streams()).toEqual(
      expect.arrayContaining(['handoff-session-old-open', 'handoff-session-recent-closed']),
    );
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(0);
  });

  it('deletes closed reports with their photo and stream past retention, never open or recent ones', async () => {
    await report('BD-OLD1-DONE', 'resolved', daysAgo(2000), true);
    await report('BD-OLD2-OPEN', 'in-progress', daysAgo(2000));
    await report('BD-NEW1-DONE', 'duplicate', daysAgo(10), true);
    const rule = reportsRule(1825);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(1);
    const left = await db.query('SELECT reference FROM reports ORDER BY reference');
    expect(left.map((r: { reference: string }) => r.reference)).toEqual(['BD-NEW1-DONE', 'BD-OLD2-OPEN']);
    expect(await db.query('SELECT count(*)::int AS n FROM report_photos')).toEqual([{ n: 1 }]);
    expect(await streams()).not.toContain('report-BD-OLD1-DONE');
    expect(await streams()).toContain('report-BD-NEW1-DONE');
  });

  it('deletes what a citizen told the bot past retention, and keeps what is recent', async () => {
    const said = (eventId: string, at: Date) =>
      db.query(
        `INSERT INTO handoff_citizen_history (event_id, citizen_id, at, author, kind, text)
         VALUES ($1, 'viber:history', $2, 'citizen', 'text', 'Moja adresa je Njegoševa 12')`,
        [eventId, at],
      );
    await said('h-old', daysAgo(31));
    await said('h-new', daysAgo(29));
    const rule = handoffHistoryRule(30);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(1);
    const left = await db.query('SELECT event_id FROM handoff_citizen_history');
    expect(left).toEqual([{ event_id: 'h-new' }]);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(0);
  });

  it('deletes report photos past retention, and the report stays without its photo', async () => {
    await report('BD-PHOTO-OLD', 'in-progress', daysAgo(400), true);
    await report('BD-PHOTO-NEW', 'in-progress', daysAgo(100), true);
    const rule = reportPhotosRule(365);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(1);
    const reports = await db.query(
      `SELECT reference, photo_id IS NOT NULL AS photo FROM reports WHERE reference LIKE 'BD-PHOTO-%' ORDER BY reference`,
    );
    expect(reports).toEqual([
      { reference: 'BD-PHOTO-NEW', photo: true },
      { reference: 'BD-PHOTO-OLD', photo: false },
    ]);
    expect(await rule.deleteOlderThan(db.manager, retentionCutoff(now, rule.days))).toBe(0);
  });
});
