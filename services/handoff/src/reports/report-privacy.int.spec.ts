import { issueTestStaffToken, StaffRole } from '@citizen-desk/auth';
import { handoffEnvSchema, loadConfig } from '@citizen-desk/config';
import { makeEnvelope, ReportConsent, ReportSubmitted } from '@citizen-desk/contracts';
import { callJson, cleanupNamespace, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { randomUUID } from 'node:crypto';
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Handoff, startHandoff } from '../handoff.app';
import { roundToGrid } from './report-publication';

/**
 * Private by default, through Open311 and the staff API: what the public sees of a report (nothing
 * until the citizen agreed and staff approved; then no notes, the place rounded), what a department's
 * key or a staff token sees, and the photos the platform keeps.
 */
const ns = testNamespace();
const POLICE_KEY = 'police-open311-key-0123456789';
const HOUSING_KEY = 'housing-open311-key-0123456789';
const FILING_KEY = 'filing-only-open311-key-0123456789';
let handoff: Handoff;
let media: Server;
let mediaUrl = '';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a photo of a dump')]);

beforeAll(async () => {
  media = createServer((req, res) => {
    if (req.url === '/dump.jpg') return res.writeHead(200).end(JPEG);
    if (req.url === '/page.html') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html>');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  handoff = await startHandoff(
    loadConfig(
      handoffEnvSchema,
      serviceTestEnv(ns, {
        OPEN311_API_KEY: FILING_KEY,
        OPEN311_DEPARTMENT_KEYS: JSON.stringify({
          'communal-police': [POLICE_KEY],
          'communal-housing': [HOUSING_KEY],
        }),
        REPORT_PHOTO_ALLOW_PRIVATE_HOSTS: 'true',
        REPORT_PHOTO_RETENTION_DAYS: '30',
      }),
    ),
  );
});
afterAll(async () => {
  await handoff?.stop();
  media?.closeAllConnections();
  await new Promise((resolve) => media?.close(resolve));
  await cleanupNamespace(ns);
});

let n = 0;
async function tokenFor(roles: StaffRole[], departments: string[]): Promise<string> {
  n += 1;
  const account = await handoff.staff.createAccount.execute({
    email: `privacy${n}@budva.me`,
    name: `Staff ${n}`,
    password: `Lozinka-${n}-budva`,
    roles,
    departments,
    by: null,
  });
  return issueTestStaffToken(
    { sub: account.id, email: account.email, name: account.name, roles, departments },
    handoff.runtime.messaging,
    3600,
  );
}
const call = (method: string, path: string, token?: string, json?: unknown) =>
  callJson(handoff.url, method, path, { token, body: json });

/** A citizen's report of an illegal dump (communal police), as the dialog submits it. */
async function submit(
  extra: Partial<ReportSubmitted> & { consent?: ReportConsent } = {},
): Promise<{ reference: string; citizenId: string }> {
  const citizenId = `viber:privacy-${randomUUID()}`;
  const data: ReportSubmitted = {
    submissionId: randomUUID(),
    citizenId,
    citizenName: 'Jelena Jelić',
    topic: 'report-problem',
    description: 'Divlja deponija iza škole',
    location: { lat: 42.28643, lon: 18.84011 },
    address: 'Mediteranska 4',
    language: 'cnr-Latn',
    submittedAt: new Date().toISOString(),
    ...extra,
  };
  await handoff.reports.fileSubmittedReport.execute({
    envelope: makeEnvelope({ type: 'ReportSubmitted', version: 1, streamId: 's', data }),
  });
  const [row] = await handoff.runtime.dataSource.query(
    'SELECT reference FROM reports WHERE citizen_id = $1',
    [citizenId],
  );
  return { reference: row.reference, citizenId };
}

const ids = (body: Array<{ service_request_id: string }>) => body.map((r) => r.service_request_id);
const publicList = async () =>
  ids((await call('GET', '/open311/v2/requests.json?service_code=illegal-dump')).body);

describe('report privacy', () => {
  let supervisor = '';
  beforeAll(async () => {
    supervisor = await tokenFor(['supervisor'], ['communal-police']);
  });

  it('keeps a report private when the citizen did not agree, even from staff who try to publish it', async () => {
    const { reference } = await submit({ consent: { publish: false, exactLocation: false } });
    const old = await submit(); // filed before the question existed: private too
    expect((await call('GET', `/open311/v2/requests/${reference}.json`)).status).toBe(404);
    expect(await publicList()).not.toContain(reference);
    expect(await publicList()).not.toContain(old.reference);
    const refused = await call('POST', `/reports/${reference}/publication`, supervisor, { published: true });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/did not agree/);
  });

  it('shows a consenting report only once staff approve it, without notes, identity or the exact place', async () => {
    const { reference, citizenId } = await submit({ consent: { publish: true, exactLocation: false } });
    expect((await call('GET', `/open311/v2/requests/${reference}.json`)).status).toBe(404);
    expect(await publicList()).not.toContain(reference);

    const operator = await tokenFor(['operator'], ['communal-police']);
    const otherSupervisor = await tokenFor(['supervisor'], ['roads']);
    expect(
      (await call('POST', `/reports/${reference}/publication`, operator, { published: true })).status,
    ).toBe(403);
    expect(
      (await call('POST', `/reports/${reference}/publication`, otherSupervisor, { published: true })).status,
    ).toBe(403);
    expect(
      (await call('POST', `/reports/${reference}/publication`, supervisor, { published: 'yes' })).status,
    ).toBe(400);
    const awaiting = async (which: string) =>
      ids(
        (
          await call('GET', `/reports?publication=${which}&category=illegal-dump&limit=500`, supervisor)
        ).body.map((r: { reference: string }) => ({ service_request_id: r.reference })),
      );
    expect(await awaiting('awaiting')).toContain(reference);
    const approved = await call('POST', `/reports/${reference}/publication`, supervisor, { published: true });
    expect(await awaiting('awaiting')).not.toContain(reference);
    expect(await awaiting('published')).toContain(reference);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ reference, publishConsent: true, published: true });
    await call('POST', `/reports/${reference}/status`, supervisor, {
      status: 'in-progress',
      note: 'Interna napomena: vlasnik placa je Petar P.',
    });

    const [one] = (await call('GET', `/open311/v2/requests/${reference}.json`)).body;
    const cell = roundToGrid(42.28643, 18.84011);
    expect(one).toMatchObject({
      service_request_id: reference,
      description: 'Divlja deponija iza škole',
      status_notes: null,
      address: null,
      lat: cell.lat,
      long: cell.lon,
    });
    const shown = JSON.stringify(one);
    for (const secret of [citizenId, 'Jelena', 'Petar', 'Mediteranska', '42.28643'])
      expect(shown).not.toContain(secret);
    expect(await publicList()).toContain(reference);

    // Withdrawn: private again.
    await call('POST', `/reports/${reference}/publication`, supervisor, { published: false });
    expect((await call('GET', `/open311/v2/requests/${reference}.json`)).status).toBe(404);
    const { events } = await handoff.runtime.eventStore.readStream(`report-${reference}`);
    expect(events.map((e) => e.type)).toEqual([
      'ReportFiled',
      'ReportPublicationChanged',
      'ReportStatusChanged',
      'ReportPublicationChanged',
    ]);
  });

  it('shows the exact place and address when the citizen agreed to it', async () => {
    const { reference } = await submit({ consent: { publish: true, exactLocation: true } });
    await call('POST', `/reports/${reference}/publication`, supervisor, { published: true });
    const [one] = (await call('GET', `/open311/v2/requests/${reference}.json`)).body;
    expect(one).toMatchObject({
      lat: 42.28643,
      long: 18.84011,
      address: 'Mediteranska 4',
      status_notes: null,
    });
  });

  it('shows a department’s key and its staff that department’s reports in full, and no other’s', async () => {
    const { reference } = await submit({ consent: { publish: false, exactLocation: false } });
    await call('POST', `/reports/${reference}/status`, supervisor, {
      status: 'in-progress',
      note: 'Izlazimo',
    });
    const full = {
      service_request_id: reference,
      status_notes: 'Izlazimo',
      lat: 42.28643,
      long: 18.84011,
      address: 'Mediteranska 4',
    };
    const byKey = await call('GET', `/open311/v2/requests/${reference}.json?api_key=${POLICE_KEY}`);
    expect(byKey.body[0]).toMatchObject(full);
    const byBearer = await callJson(handoff.url, 'GET', `/open311/v2/requests/${reference}.json`, {
      token: POLICE_KEY,
    });
    expect(byBearer.body[0]).toMatchObject(full);
    const byStaff = await call('GET', `/open311/v2/requests/${reference}.json`, supervisor);
    expect(byStaff.body[0]).toMatchObject(full);
    const listed = await call(
      'GET',
      `/open311/v2/requests.json?api_key=${POLICE_KEY}&service_code=illegal-dump`,
    );
    expect(ids(listed.body)).toContain(reference);

    // Another department's key, the filing-only key and another department's staff: not this report.
    for (const key of [HOUSING_KEY, FILING_KEY])
      expect((await call('GET', `/open311/v2/requests/${reference}.json?api_key=${key}`)).status).toBe(404);
    const housing = await call(
      'GET',
      `/open311/v2/requests.json?api_key=${HOUSING_KEY}&service_code=illegal-dump`,
    );
    expect(ids(housing.body)).not.toContain(reference);
    const roads = await tokenFor(['operator'], ['roads']);
    expect((await call('GET', `/open311/v2/requests/${reference}.json`, roads)).status).toBe(404);
    // A deactivated account's token no longer opens the full view.
    const leaving = await tokenFor(['operator'], ['communal-police']);
    expect((await call('GET', `/open311/v2/requests/${reference}.json`, leaving)).status).toBe(200);
    const account = await handoff.staff.repo.findByEmail(`privacy${n}@budva.me`);
    await handoff.staff.updateAccount.execute({
      id: account!.id,
      changes: { active: false },
      by: { sub: 'admin', email: 'admin@budva.local', name: 'Admin', roles: ['admin'], departments: [] },
    });
    expect((await call('GET', `/open311/v2/requests/${reference}.json`, leaving)).status).toBe(403);
    // A key that is no key is refused, not quietly taken for the public.
    expect((await call('GET', '/open311/v2/requests.json?api_key=not-a-key-at-all-0000')).status).toBe(403);
    // services.json stays public.
    expect((await call('GET', '/open311/v2/services.json')).status).toBe(200);
  });

  it('answers at most 50 service_request_ids, with one query', async () => {
    const a = await submit({ consent: { publish: true, exactLocation: false } });
    const b = await submit({ consent: { publish: true, exactLocation: false } });
    const hidden = await submit({ consent: { publish: true, exactLocation: false } });
    for (const r of [a, b])
      await call('POST', `/reports/${r.reference}/publication`, supervisor, { published: true });
    const find = jest.spyOn(handoff.reports.repo, 'find');
    const list = jest.spyOn(handoff.reports.repo, 'list');
    try {
      const asked = [
        a.reference,
        b.reference,
        hidden.reference,
        'BD-0000-0000',
        ...Array(46).fill(a.reference),
      ];
      const answer = await call('GET', `/open311/v2/requests.json?service_request_id=${asked.join(',')}`);
      expect(answer.status).toBe(200);
      expect(ids(answer.body).sort()).toEqual([a.reference, b.reference].sort());
      expect(find).not.toHaveBeenCalled();
      expect(list).toHaveBeenCalledTimes(1);
    } finally {
      find.mockRestore();
      list.mockRestore();
    }
    const tooMany = Array.from({ length: 51 }, (_, i) => `BD-0000-${String(i).padStart(4, '0')}`);
    const refused = await call('GET', `/open311/v2/requests.json?service_request_id=${tooMany.join(',')}`);
    expect(refused.status).toBe(400);
    expect(refused.body[0].description).toMatch(/50 ids at most/);
  });

  it('keeps the citizen’s photo, shows it to the department’s staff, and to the public once published', async () => {
    const { reference } = await submit({
      consent: { publish: true, exactLocation: false },
      photoUrl: `${mediaUrl}/dump.jpg`,
    });
    const row = await handoff.reports.repo.find(reference);
    expect(row).toMatchObject({ photoId: expect.any(String), photoUrl: null, photoRejected: null });
    const staffView = await call('GET', `/reports/${reference}`, supervisor);
    expect(staffView.body.photoUrl).toBe(`/reports/${reference}/photo`);

    const get = (path: string, token?: string) =>
      fetch(`${handoff.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const photo = await get(`/reports/${reference}/photo`, supervisor);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await photo.arrayBuffer()).equals(JPEG)).toBe(true);
    const roads = await tokenFor(['operator'], ['roads']);
    expect((await get(`/reports/${reference}/photo`, roads)).status).toBe(403);
    expect((await get(`/reports/${reference}/photo`)).status).toBe(401);

    expect((await get(`/open311/v2/media/${reference}`)).status).toBe(404);
    expect((await get(`/open311/v2/media/${reference}?api_key=${POLICE_KEY}`)).status).toBe(200);
    await call('POST', `/reports/${reference}/publication`, supervisor, { published: true });
    const [published] = (await call('GET', `/open311/v2/requests/${reference}.json`)).body;
    expect(published.media_url).toBe(`${handoff.url}/open311/v2/media/${reference}`);
    // A forged Host header is not echoed into the links.
    const forged = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${handoff.url}/open311/v2/requests/${reference}.json`,
        { headers: { host: 'evil.example/phish?' } },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(forged).not.toContain('evil.example');
    expect(JSON.parse(forged)[0].media_url).toBe(`/open311/v2/media/${reference}`);
    const open = await get(`/open311/v2/media/${reference}`);
    expect(open.status).toBe(200);
    expect(Buffer.from(await open.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('refuses a photo that is not an image, and files the report without it', async () => {
    const { reference } = await submit({ photoUrl: `${mediaUrl}/page.html` });
    expect(await handoff.reports.repo.find(reference)).toMatchObject({
      photoId: null,
      photoUrl: null,
      photoRejected: 'not-an-image',
    });
    const { events } = await handoff.runtime.eventStore.readStream(`report-${reference}`);
    expect(events[0].data).toMatchObject({ photoRejected: 'not-an-image' });
    expect(JSON.stringify(events[0].data)).not.toContain(mediaUrl);
  });

  it('deletes photos past their retention, and the report stays', async () => {
    const { reference } = await submit({ photoUrl: `${mediaUrl}/dump.jpg` });
    const fresh = await submit({ photoUrl: `${mediaUrl}/dump.jpg` });
    await handoff.runtime.dataSource.query(
      `UPDATE report_photos SET stored_at = now() - interval '31 days'
       WHERE id = (SELECT photo_id FROM reports WHERE reference = $1)`,
      [reference],
    );
    expect(await handoff.runtime.retention.runOnce()).toMatchObject({ 'report-photos': 1 });
    expect(await handoff.reports.repo.find(reference)).toMatchObject({ reference, photoId: null });
    expect(await handoff.reports.photos.read(reference)).toBeNull();
    expect(await handoff.reports.photos.read(fresh.reference)).not.toBeNull();
    expect((await call('GET', `/reports/${reference}/photo`, supervisor)).status).toBe(404);
  });
});
