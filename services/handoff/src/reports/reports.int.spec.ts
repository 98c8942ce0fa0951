import { issueTestStaffToken, StaffRole } from '@citizen-desk/auth';
import { handoffEnvSchema, loadConfig } from '@citizen-desk/config';
import { makeEnvelope, ReportSubmitted } from '@citizen-desk/contracts';
import { callJson, cleanupNamespace, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { randomUUID } from 'node:crypto';
import { Handoff, startHandoff } from '../handoff.app';
import { SEED_REPORT_CATEGORIES } from './report-categories';
import { NewReport } from './usecases/file-report/file-report.command';
import { FileReport } from './usecases/file-report/file-report.usecase';

const ns = testNamespace();
let handoff: Handoff;

beforeAll(async () => {
  handoff = await startHandoff(loadConfig(handoffEnvSchema, serviceTestEnv(ns)));
});
afterAll(async () => {
  await handoff?.stop();
  await cleanupNamespace(ns);
});

let n = 0;
async function tokenFor(roles: StaffRole[], departments: string[]): Promise<string> {
  n += 1;
  const account = await handoff.staff.createAccount.execute({
    email: `reports${n}@budva.me`,
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

const category = (code: string) => SEED_REPORT_CATEGORIES.find((c) => c.code === code)!;
const fileOne = (code = 'roads', extra: Partial<NewReport> = {}) =>
  handoff.reports.fileReport.execute({
    report: {
      submissionId: randomUUID(),
      category: category(code),
      description: 'Rupa na putu',
      address: 'Jadranski put',
      language: 'cnr-Latn',
      channel: 'staff',
      ...extra,
    },
  });

const submitted = (citizenId: string): ReportSubmitted => ({
  submissionId: randomUUID(),
  citizenId,
  topic: 'report-problem',
  description: 'Divlja deponija iza škole',
  location: { lat: 42.29, lon: 18.85 },
  language: 'en',
  submittedAt: new Date().toISOString(),
});

describe('reports in the handoff service', () => {
  it('gives concurrent filings unique, random references', async () => {
    const rows = await Promise.all(Array.from({ length: 8 }, () => fileOne()));
    const references = rows.map((r) => r.reference);
    expect(new Set(references).size).toBe(8);
    for (const reference of references)
      expect(reference).toMatch(/^BD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('draws another reference when the one drawn is taken', async () => {
    const taken = await fileOne();
    const draws = [taken.reference, taken.reference, 'BD-FRE5-H000'];
    const drawn: string[] = [];
    const fileReport = new FileReport(
      handoff.runtime,
      handoff.reports.repo,
      handoff.reports.photos,
      { referencePrefix: 'BD' },
      () => new Date(),
      () => (drawn.push(draws[drawn.length]), draws[drawn.length - 1]),
    );
    const report = await fileReport.execute({
      report: {
        submissionId: randomUUID(),
        category: category('roads'),
        description: 'Druga rupa',
        address: 'Jadranski put',
        language: 'cnr-Latn',
        channel: 'staff',
      },
    });
    expect(drawn).toEqual(draws);
    expect(report.reference).toBe('BD-FRE5-H000');
    expect((await handoff.reports.repo.find(taken.reference))!.description).toBe('Rupa na putu');
    const { events } = await handoff.runtime.eventStore.readStream('report-BD-FRE5-H000');
    expect(events.map((e) => e.type)).toEqual(['ReportFiled']);
  });

  it('still reads reports filed under the old sequential references', async () => {
    await handoff.runtime.dataSource.query(
      `INSERT INTO reports (reference, submission_id, category, department, status, description, language, channel, filed_at, updated_at)
       VALUES ('BD-2025-000042', $1, 'roads', 'local-self-government', 'received', 'Stara rupa', 'cnr-Latn', 'staff', now(), now())`,
      [randomUUID()],
    );
    const operator = await tokenFor(['operator'], ['local-self-government']);
    expect((await call('GET', '/reports/BD-2025-000042', operator)).body).toMatchObject({
      reference: 'BD-2025-000042',
      description: 'Stara rupa',
      published: false,
    });
  });

  it('files a submitted report once, however often it is delivered', async () => {
    const data = submitted('viber:dup-user');
    const envelope = makeEnvelope({ type: 'ReportSubmitted', version: 1, streamId: 's', data });
    await handoff.reports.fileSubmittedReport.execute({ envelope });
    await handoff.reports.fileSubmittedReport.execute({ envelope });
    // The same submission re-published under another envelope id (a retried dialog transaction).
    await handoff.reports.fileSubmittedReport.execute({
      envelope: makeEnvelope({ type: 'ReportSubmitted', version: 1, streamId: 's', data }),
    });
    const mine: Array<{ n: number }> = await handoff.runtime.dataSource.query(
      "SELECT count(*)::int AS n FROM reports WHERE citizen_id = 'viber:dup-user'",
    );
    expect(mine[0].n).toBe(1);
    const [row] = await handoff.runtime.dataSource.query(
      "SELECT category, department FROM reports WHERE citizen_id = 'viber:dup-user'",
    );
    expect(row).toEqual({ category: 'illegal-dump', department: 'communal-police' });
  });

  it('lets only a supervisor reassign, and moves the report to the new department', async () => {
    const report = await fileOne('roads');
    const operator = await tokenFor(['operator'], ['local-self-government']);
    const supervisor = await tokenFor(['supervisor'], ['local-self-government']);
    expect(
      (await call('POST', `/reports/${report.reference}/reassign`, operator, { category: 'illegal-dump' }))
        .status,
    ).toBe(403);
    expect(
      (await call('POST', `/reports/${report.reference}/reassign`, supervisor, { category: 'ufo' })).status,
    ).toBe(400);
    const moved = await call('POST', `/reports/${report.reference}/reassign`, supervisor, {
      category: 'illegal-dump',
      reason: 'Šut, ne rupa',
    });
    expect(moved.body).toMatchObject({ category: 'illegal-dump', department: 'communal-police' });
    expect((await call('GET', `/reports/${report.reference}`, supervisor)).status).toBe(403);
    const events = await handoff.runtime.eventStore.readStream(`report-${report.reference}`);
    expect(events.events.map((e) => e.type)).toEqual(['ReportFiled', 'ReportReassigned']);
  });

  it('shows a report’s history to staff of its department: filing, status with the note, reassignment', async () => {
    const report = await fileOne('roads');
    const supervisor = await tokenFor(['supervisor'], ['local-self-government']);
    const outsider = await tokenFor(['operator'], ['communal-police']);
    expect(
      (
        await call('POST', `/reports/${report.reference}/status`, supervisor, {
          status: 'in-progress',
          note: 'Izlazimo na teren.',
        })
      ).status,
    ).toBe(200);
    expect((await call('GET', `/reports/${report.reference}/history`, outsider)).status).toBe(403);
    const history = await call('GET', `/reports/${report.reference}/history`, supervisor);
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      { at: expect.any(String), kind: 'filed', to: 'staff' },
      {
        at: expect.any(String),
        kind: 'status',
        by: expect.stringMatching(/^Staff \d+$/),
        from: 'received',
        to: 'in-progress',
        note: 'Izlazimo na teren.',
      },
    ]);
    expect((await call('GET', '/reports/BD-ZZZZ-ZZZZ/history', supervisor)).status).toBe(404);
  });

  it('marks a duplicate of an existing report only, which closes it', async () => {
    const original = await fileOne('roads');
    const copy = await fileOne('roads');
    const operator = await tokenFor(['operator'], ['local-self-government']);
    expect(
      (
        await call('POST', `/reports/${copy.reference}/duplicate`, operator, {
          duplicateOf: 'BD-0000-0000',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('POST', `/reports/${copy.reference}/duplicate`, operator, {
          duplicateOf: 'not a reference',
        })
      ).status,
    ).toBe(400);
    const marked = await call('POST', `/reports/${copy.reference}/duplicate`, operator, {
      duplicateOf: original.reference,
    });
    expect(marked.body).toMatchObject({ status: 'duplicate', duplicateOf: original.reference });
    const open311 = await call('GET', `/open311/v2/requests/${copy.reference}.json`, operator);
    expect(open311.body[0].status).toBe('closed');
  });

  it('filters the staff list by status, time and department', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const fresh = await fileOne('other');
    const admin = await tokenFor(['admin'], []);
    const list = async (q: string) =>
      (await call('GET', `/reports?${q}`, admin)).body.map((r: { reference: string }) => r.reference);
    // Roads reports go to the same (central) department, some filed within the second before: one category.
    const others = 'department=local-self-government&category=other';
    expect(await list(`from=${encodeURIComponent(before)}&${others}`)).toEqual([fresh.reference]);
    expect(await list(`to=${encodeURIComponent(before)}&${others}`)).toEqual([]);
    expect(await list('status=resolved&department=local-self-government')).toEqual([]);
    expect((await call('GET', '/reports?status=lost', admin)).status).toBe(400);
    expect((await call('GET', '/reports?bbox=1,2,3', admin)).status).toBe(400);
  });

  it('lets an admin configure categories, which Open311 lists at once', async () => {
    const admin = await tokenFor(['admin'], []);
    const operator = await tokenFor(['operator'], ['communal-housing']);
    const water = {
      name: { 'cnr-Latn': 'Vodovod', 'cnr-Cyrl': 'Водовод', en: 'Water supply' },
      description: 'Burst pipes and leaks',
      department: 'water-supply',
      agency: {
        'cnr-Latn': 'Vodovod i kanalizacija',
        'cnr-Cyrl': 'Водовод и канализација',
        en: 'Water and sewerage company',
      },
      topics: ['report-problem'],
      keywords: ['cijev', 'pipe', 'leak'],
    };
    expect((await call('PUT', '/reports/categories/water', operator, water)).status).toBe(403);
    expect(
      (await call('PUT', '/reports/categories/water', admin, { ...water, department: 'Not An Id' })).status,
    ).toBe(400);
    expect((await call('PUT', '/reports/categories/water', admin, water)).status).toBe(200);
    const services = await call('GET', '/open311/v2/services.json');
    expect(services.body.find((s: { service_code: string }) => s.service_code === 'water')).toMatchObject({
      service_name: 'Water supply',
      group: 'Water and sewerage company',
    });
    const leak = makeEnvelope({
      type: 'ReportSubmitted',
      version: 1,
      streamId: 's',
      data: { ...submitted('viber:leak-user'), description: 'A water pipe burst in the street' },
    });
    await handoff.reports.fileSubmittedReport.execute({ envelope: leak });
    const [row] = await handoff.runtime.dataSource.query(
      "SELECT category, department FROM reports WHERE citizen_id = 'viber:leak-user'",
    );
    expect(row).toEqual({ category: 'water', department: 'water-supply' });
  });

  it('forgets who filed a report when the citizen asks to be forgotten, and keeps the report', async () => {
    await handoff.reports.fileSubmittedReport.execute({
      envelope: makeEnvelope({
        type: 'ReportSubmitted',
        version: 1,
        streamId: 's',
        data: submitted('viber:forget-me'),
      }),
    });
    const [{ reference }] = await handoff.runtime.dataSource.query(
      "SELECT reference FROM reports WHERE citizen_id = 'viber:forget-me'",
    );
    await handoff.reports.forgetCitizenReports.execute({
      envelope: makeEnvelope({
        type: 'CitizenForgetRequested',
        version: 1,
        streamId: 's',
        data: { citizenId: 'viber:forget-me', at: new Date().toISOString() },
      }),
    });
    const row = await handoff.reports.repo.find(reference);
    // The report stays for the department; the citizen's own words are blanked (the dialog shreds their key).
    expect(row).toMatchObject({ reference, citizenId: null, description: '[erased]' });
    const { events } = await handoff.runtime.eventStore.readStream(`report-${reference}`);
    expect(JSON.stringify(events)).not.toContain('viber:forget-me');
  });
});
