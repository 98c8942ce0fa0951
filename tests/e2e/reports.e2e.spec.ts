import { issueTestStaffToken, StaffRole } from '@citizen-desk/auth';
import { eventually } from '@citizen-desk/testing';
import { CitizenMessage, messageCallback, postSignedCallback } from '@citizen-desk/viber-simulator';
import { loadSeedContent } from '../../services/dialog/src/content';
import { Handoff } from '../../services/handoff/src/handoff.app';
import { startPlatform, VIBER_TOKEN } from './platform.fixture';
import { nextToken } from './viber-callbacks';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
interface SentMessage {
  receiver: string;
  text?: string;
  keyboard?: { Buttons: Array<{ ActionBody: string; ActionType: string }> };
}
const content = loadSeedContent();
const OPEN311_KEY = 'open311-e2e-key-0123456789';
const LSG_KEY = 'open311-lsg-key-0123456789';
const REFERENCE = /BD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;
const LAMP = Buffer.concat([Buffer.from([0x89]), Buffer.from('PNG\r\n\x1a\n'), Buffer.from('a street lamp')]);

/** Citizen reports, from signed Viber callbacks to a filed, routed report, and back to the citizen. */
describe('citizen reports, through Viber, the staff API and Open311', () => {
  let p: Platform;
  let handoff: Handoff;
  const citizen = { viberId: 'reporter-1==', name: 'Marko Marković' };
  let reference = '';
  // Viber's media server, on loopback: the platform fetches the citizen's photos from it.
  let media: Server;
  let mediaUrl = '';

  beforeAll(async () => {
    media = createServer((req, res) => {
      if (req.url === '/lamp.png') return res.writeHead(200).end(LAMP);
      if (req.url === '/notes.txt') return res.writeHead(200).end('not a photo at all');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
    mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
    p = await startPlatform(
      {
        OPEN311_API_KEY: OPEN311_KEY,
        OPEN311_DEPARTMENT_KEYS: JSON.stringify({ 'local-self-government': [LSG_KEY] }),
        REPORT_PHOTO_ALLOW_PRIVATE_HOSTS: 'true',
      },
      { handoff: true },
    );
    handoff = p.handoff!;
  });
  afterAll(async () => {
    await p?.stop();
    media?.closeAllConnections();
    await new Promise((resolve) => media?.close(resolve));
  });

  const mine = (user: string) =>
    (p.viber.sentMessages() as unknown as SentMessage[]).filter((m) => m.receiver === user);

  /** Sends what the citizen does and waits until the platform has sent them `replies` more messages. */
  async function send(message: CitizenMessage, replies = 1, who = citizen): Promise<SentMessage[]> {
    const before = mine(who.viberId).length;
    const res = await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      JSON.stringify(messageCallback(who, message, nextToken(), Date.now())),
    );
    expect(res.status).toBe(200);
    return eventually(() => {
      const all = mine(who.viberId);
      return all.length >= before + replies ? all.slice(before) : undefined;
    });
  }
  const text = (t: string) => ({ type: 'text' as const, text: t });

  async function staffToken(roles: StaffRole[], departments: string[]): Promise<string> {
    const n = Math.random().toString(36).slice(2, 8);
    const account = await handoff.staff.createAccount.execute({
      email: `staff-${n}@budva.me`,
      name: `Staff ${n}`,
      password: `Lozinka-${n}-budva`,
      roles,
      departments,
      by: null,
    });
    return issueTestStaffToken(
      { sub: account.id, email: account.email, name: account.name, roles, departments },
      p.handoff!.runtime.messaging,
      3600,
    );
  }

  async function call(
    method: string,
    path: string,
    opts: { token?: string; json?: unknown; form?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    }
    const res = await fetch(`${handoff.url}${path}`, { method, headers, body });
    const raw = await res.text();
    return { status: res.status, body: raw ? JSON.parse(raw) : undefined };
  }

  it('files a report from text, location and picture, routes it, and tells the citizen its reference', async () => {
    const [start] = await send(text('topic:report-problem'));
    expect(start.text).toContain(content.texts.reportDescribe['cnr-Latn']);

    const [askPlace] = await send(text('Ne radi ulična rasvjeta kod pošte'));
    expect(askPlace.text).toBe(content.texts.reportPlacePrompt['cnr-Latn']);
    expect(askPlace.keyboard!.Buttons[0].ActionType).toBe('location-picker');

    const [askPhoto] = await send({
      type: 'location',
      lat: 42.2864,
      lon: 18.84,
      address: 'Mediteranska 4, Budva',
    });
    expect(askPhoto.text).toBe(content.texts.reportPhotoPrompt['cnr-Latn']);

    const [publish] = await send({ type: 'picture', media: `${mediaUrl}/lamp.png` });
    expect(publish.text).toBe(content.texts.reportPublishAsk['cnr-Latn']);
    expect(publish.keyboard!.Buttons.map((b) => b.ActionBody)).toEqual([
      'report:publish-yes',
      'report:publish-no',
      'report:cancel',
    ]);
    const [exact] = await send(text('report:publish-yes'));
    expect(exact.text).toBe(content.texts.reportExactLocationAsk['cnr-Latn']);

    const [summary] = await send(text('report:exact-no'));
    expect(summary.text).toContain('Ne radi ulična rasvjeta kod pošte');
    expect(summary.text).toContain('Mediteranska 4, Budva');
    expect(summary.text).toContain(content.texts.reportPublicRounded['cnr-Latn']);
    expect(summary.keyboard!.Buttons.map((b) => b.ActionBody)).toEqual(['report:confirm', 'report:cancel']);

    const answers = await send(text('report:confirm'), 2);
    const filed = answers.find((m) => REFERENCE.test(m.text ?? ''))!;
    expect(answers.map((m) => m.text)).toContain(content.texts.reportReceived['cnr-Latn']);
    reference = REFERENCE.exec(filed.text!)![0];
    expect(filed.text).toContain('Sekretarijat za lokalnu samoupravu');
    expect(filed.text).not.toContain('Fotografiju');
  });

  it('shows the report to staff of its department with its photo and map point, and not to others', async () => {
    const supervisor = await staffToken(['supervisor'], ['local-self-government']);
    const list = await call('GET', '/reports?category=street-light&status=received', { token: supervisor });
    expect(list.status).toBe(200);
    expect(list.body.map((r: { reference: string }) => r.reference)).toContain(reference);

    const one = await call('GET', `/reports/${reference}`, { token: supervisor });
    expect(one.body).toMatchObject({
      reference,
      category: 'street-light',
      department: 'local-self-government',
      status: 'received',
      lat: 42.2864,
      lon: 18.84,
      address: 'Mediteranska 4, Budva',
      photoUrl: `/reports/${reference}/photo`,
      photoRejected: null,
      publishConsent: true,
      exactLocationConsent: false,
      published: false,
      mapUrl: 'https://www.openstreetmap.org/?mlat=42.2864&mlon=18.84#map=18/42.2864/18.84',
      citizenId: await p.citizenIdOf(citizen.viberId),
    });
    const photo = await fetch(`${handoff.url}/reports/${reference}/photo`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).equals(LAMP)).toBe(true);
    const inBox = await call('GET', '/reports?bbox=18.8,42.2,18.9,42.3', { token: supervisor });
    expect(inBox.body.map((r: { reference: string }) => r.reference)).toContain(reference);
    const outOfBox = await call('GET', '/reports?bbox=19.0,42.2,19.1,42.3', { token: supervisor });
    expect(outOfBox.body).toEqual([]);

    const elsewhere = await staffToken(['operator'], ['communal-police']);
    expect((await call('GET', `/reports/${reference}`, { token: elsewhere })).status).toBe(403);
    expect((await call('GET', '/reports', { token: elsewhere })).body).toEqual([]);
    expect((await call('GET', '/reports')).status).toBe(401);
  });

  it('pushes every status change to the citizen on Viber, and answers when they ask by reference', async () => {
    const operator = await staffToken(['operator'], ['local-self-government']);
    const before = mine(citizen.viberId).length;
    const progress = await call('POST', `/reports/${reference}/status`, {
      token: operator,
      json: { status: 'in-progress' },
    });
    expect(progress.status).toBe(200);
    await eventually(() =>
      mine(citizen.viberId)
        .slice(before)
        .find((m) => m.text?.includes(`Prijava ${reference}: nadležna služba je preuzela`)),
    );

    const noNote = await call('POST', `/reports/${reference}/status`, {
      token: operator,
      json: { status: 'resolved' },
    });
    expect(noNote.status).toBe(400);
    const resolved = await call('POST', `/reports/${reference}/status`, {
      token: operator,
      json: { status: 'resolved', note: 'Sijalica je zamijenjena.' },
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', note: 'Sijalica je zamijenjena.' });
    await eventually(() =>
      mine(citizen.viberId).find(
        (m) => m.text === `Prijava ${reference} je riješena. Sijalica je zamijenjena.`,
      ),
    );
    expect(
      (
        await call('POST', `/reports/${reference}/status`, {
          token: operator,
          json: { status: 'resolved', note: 'x' },
        })
      ).status,
    ).toBe(409);

    const [answer] = await send(text(`Šta je sa prijavom ${reference.toLowerCase()}?`));
    expect(answer.text).toContain(`${reference} (`);
    expect(answer.text).toContain('riješena');
    // Someone else cannot learn about it by its reference.
    const [stranger] = await send(text(`status ${reference}`), 1, { viberId: 'stranger==', name: 'Neko' });
    expect(stranger.text).toContain(`Ne nalazimo prijavu ${reference}`);
  });

  it('routes a gathering of children to the communal police at once', async () => {
    const who = { viberId: 'reporter-2==', name: 'Ana' };
    await send(text('topic:gatherings-report'), 1, who);
    await send(text('Dvadesetak djece se okuplja na igralištu'), 1, who);
    await send(text('Igralište kod Slovenske plaže'), 1, who);
    await send(text('report:skip-photo'), 1, who);
    await send(text('report:publish-no'), 1, who);
    const answers = await send(text('report:confirm'), 2, who);
    const ref = REFERENCE.exec(answers.map((m) => m.text).join(' '))![0];
    const police = await staffToken(['operator'], ['communal-police']);
    expect((await call('GET', `/reports/${ref}`, { token: police })).body).toMatchObject({
      category: 'gatherings',
      department: 'communal-police',
      address: 'Igralište kod Slovenske plaže',
      photoUrl: null,
    });
  });

  it('serves Open311 GeoReport v2 with its own field names, publicly only what the citizen and staff allowed', async () => {
    const services = await call('GET', '/open311/v2/services.json');
    expect(services.body.map((s: { service_code: string }) => s.service_code)).toEqual([
      'gatherings',
      'street-light',
      'illegal-dump',
      'roads',
      'other',
    ]);

    // Private until staff approve what the citizen agreed to.
    expect((await call('GET', `/open311/v2/requests/${reference}.json`)).status).toBe(404);
    expect((await call('GET', `/open311/v2/media/${reference}`)).status).toBe(404);
    const supervisor = await staffToken(['supervisor'], ['local-self-government']);
    expect(
      (
        await call('POST', `/reports/${reference}/publication`, {
          token: supervisor,
          json: { published: true },
        })
      ).status,
    ).toBe(200);

    const one = await call('GET', `/open311/v2/requests/${reference}.json`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual([
      {
        service_request_id: reference,
        status: 'closed',
        status_notes: null,
        service_name: 'Street light',
        service_code: 'street-light',
        description: 'Ne radi ulična rasvjeta kod pošte',
        agency_responsible: 'Secretariat for Local Self-Government',
        service_notice: null,
        requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
        updated_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
        expected_datetime: null,
        address: null,
        address_id: null,
        zipcode: null,
        // The ~100 m cell, not the point: the citizen did not agree to the exact place.
        lat: expect.closeTo(42.2864, 2),
        long: expect.closeTo(18.84, 2),
        media_url: `${handoff.url}/open311/v2/media/${reference}`,
      },
    ]);
    expect(one.body[0].lat).not.toBe(42.2864);
    expect(JSON.stringify(one.body)).not.toContain(citizen.viberId);
    const photo = await fetch(one.body[0].media_url);
    expect(Buffer.from(await photo.arrayBuffer()).equals(LAMP)).toBe(true);
    // The department's key sees it in full.
    const full = await call('GET', `/open311/v2/requests/${reference}.json?api_key=${LSG_KEY}`);
    expect(full.body[0]).toMatchObject({
      status_notes: 'Sijalica je zamijenjena.',
      address: 'Mediteranska 4, Budva',
      lat: 42.2864,
      long: 18.84,
    });

    const closed = await call('GET', '/open311/v2/requests.json?status=closed&service_code=street-light');
    expect(closed.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([reference]);
    expect(
      (await call('GET', '/open311/v2/requests.json?status=open&service_code=street-light')).body,
    ).toEqual([]);
    expect((await call('GET', '/open311/v2/requests/BD-1999-000001.json')).status).toBe(404);
    expect((await call('GET', '/open311/v2/requests/BD-0000-0000.json')).status).toBe(404);
  });

  it('files an Open311 request (form-encoded, with the api key) and answers bad input clearly', async () => {
    const good = {
      api_key: OPEN311_KEY,
      service_code: 'illegal-dump',
      lat: '42.29',
      long: '18.85',
      description: 'Šut bačen pored puta',
    };
    const created = await call('POST', '/open311/v2/requests.json', { form: good });
    expect(created.status).toBe(201);
    const id = created.body[0].service_request_id;
    expect(id).toMatch(new RegExp(`^${REFERENCE.source}$`));
    // Filed by a third party, with no citizen's consent: private, seen by the department's staff.
    expect((await call('GET', `/open311/v2/requests/${id}.json`)).status).toBe(404);
    const police = await staffToken(['operator'], ['communal-police']);
    expect((await call('GET', `/open311/v2/requests/${id}.json`, { token: police })).body[0]).toMatchObject({
      status: 'open',
      service_code: 'illegal-dump',
      agency_responsible: 'Communal police and inspection',
    });

    const withStaffToken = await call('POST', '/open311/v2/requests.json', {
      json: { ...good, api_key: await staffToken(['operator'], ['roads']) },
    });
    expect(withStaffToken.status).toBe(201);

    const bad = async (patch: Record<string, string>) =>
      call('POST', '/open311/v2/requests.json', { form: { ...good, ...patch } });
    expect(await bad({ lat: '95' })).toEqual({
      status: 400,
      body: [{ code: 400, description: 'lat must be a number from -90 to 90' }],
    });
    expect(await bad({ description: 'x'.repeat(5000) })).toEqual({
      status: 400,
      body: [{ code: 400, description: 'description may have 2000 characters at most' }],
    });
    expect(await bad({ service_code: 'ufo' })).toEqual({
      status: 400,
      body: [
        {
          code: 404,
          description: 'service_code ufo is not a service of this jurisdiction (see services.json)',
        },
      ],
    });
    expect(await bad({ api_key: 'wrong-key' })).toEqual({
      status: 403,
      body: [{ code: 403, description: 'api_key is missing or not valid' }],
    });
  });

  it('refuses a Viber location out of range at the webhook, so nothing is filed from it', async () => {
    const callback = messageCallback(
      citizen,
      { type: 'location', lat: 123, lon: 18.84 },
      nextToken(),
      Date.now(),
    );
    expect((await postSignedCallback(p.webhookUrl, VIBER_TOKEN, JSON.stringify(callback))).status).toBe(400);
  });

  it('tells the citizen when a description is too long, and keeps the flow going', async () => {
    const who = { viberId: 'reporter-3==', name: 'Ivo' };
    await send(text('topic:report-problem'), 1, who);
    const [tooLong] = await send(text('Velika rupa na putu kod škole. '.repeat(80)), 1, who);
    expect(tooLong.text).toContain(content.texts.reportTooLong['cnr-Latn']);
    const [next] = await send(text('Rupa na putu'), 1, who);
    expect(next.text).toBe(content.texts.reportPlacePrompt['cnr-Latn']);
  });

  it('tells the citizen when their photo is not an image, and files the report without it', async () => {
    const who = { viberId: 'reporter-4==', name: 'Luka' };
    await send(text('topic:report-problem'), 1, who);
    await send(text('Rupa na trotoaru'), 1, who);
    await send(text('Ulica Mediteranska'), 1, who);
    await send({ type: 'picture', media: `${mediaUrl}/notes.txt` }, 1, who);
    await send(text('report:publish-no'), 1, who);
    const answers = await send(text('report:confirm'), 2, who);
    const filed = answers.find((m) => REFERENCE.test(m.text ?? ''))!;
    expect(filed.text).toContain('Fotografiju nismo prihvatili: to nije slika');
    const ref = REFERENCE.exec(filed.text!)![0];
    const operator = await staffToken(['operator'], ['local-self-government']);
    expect((await call('GET', `/reports/${ref}`, { token: operator })).body).toMatchObject({
      photoUrl: null,
      photoRejected: 'not-an-image',
    });
  });
});
