import { parseOpen311Post, toOpen311Request, toOpen311Service } from './open311.mapping';
import { roundToGrid } from './report-publication';
import { SEED_REPORT_CATEGORIES } from './report-categories';
import { ReportRow } from './reports.repository';

const row: ReportRow = {
  reference: 'BD-2026-000007',
  category: 'street-light',
  department: 'local-self-government',
  status: 'resolved',
  description: 'Ne radi rasvjeta',
  lat: 42.2864,
  lon: 18.84,
  address: 'Mediteranska 4',
  photoUrl: 'https://media.example/p.jpg',
  citizenId: 'viber:secret-user',
  language: 'cnr-Latn',
  channel: 'viber',
  note: 'Sijalica zamijenjena',
  duplicateOf: null,
  publishConsent: true,
  exactLocationConsent: false,
  published: true,
  photoId: null,
  photoRejected: null,
  filedAt: '2026-11-25T10:00:00Z',
  updatedAt: '2026-11-26T08:00:00Z',
};

describe('Open311 GeoReport v2', () => {
  it('maps a report to a service request with exactly the specification’s fields, and no personal data', () => {
    const request = toOpen311Request(row, SEED_REPORT_CATEGORIES, 'full');
    expect(request).toEqual({
      service_request_id: 'BD-2026-000007',
      status: 'closed',
      status_notes: 'Sijalica zamijenjena',
      service_name: 'Street light',
      service_code: 'street-light',
      description: 'Ne radi rasvjeta',
      agency_responsible: 'Secretariat for Local Self-Government',
      service_notice: null,
      requested_datetime: '2026-11-25T10:00:00Z',
      updated_datetime: '2026-11-26T08:00:00Z',
      expected_datetime: null,
      address: 'Mediteranska 4',
      address_id: null,
      zipcode: null,
      lat: 42.2864,
      long: 18.84,
      media_url: 'https://media.example/p.jpg',
    });
    expect(JSON.stringify(request)).not.toContain('secret-user');
  });

  it('shows the public no staff note, and the place on the grid without the address', () => {
    const request = toOpen311Request(row, SEED_REPORT_CATEGORIES, 'public');
    expect(request).toMatchObject({
      status_notes: null,
      address: null,
      ...((c) => ({ lat: c.lat, long: c.lon }))(roundToGrid(42.2864, 18.84)),
      description: 'Ne radi rasvjeta',
    });
    expect(request.lat).not.toBe(42.2864);
    const exact = toOpen311Request({ ...row, exactLocationConsent: true }, SEED_REPORT_CATEGORIES, 'public');
    expect(exact).toMatchObject({ lat: 42.2864, long: 18.84, address: 'Mediteranska 4', status_notes: null });
    expect(JSON.stringify([request, exact])).not.toContain('secret-user');
  });

  it('links a kept photo through the media route', () => {
    const request = toOpen311Request(
      { ...row, photoId: '6f1c1a52-8f1e-4d3b-9c43-0d2b8f0d6a11' },
      SEED_REPORT_CATEGORIES,
      'public',
      'https://desk.budva.me',
    );
    expect(request.media_url).toBe('https://desk.budva.me/open311/v2/media/BD-2026-000007');
  });

  it.each([
    ['received', 'open'],
    ['in-progress', 'open'],
    ['not-our-responsibility', 'closed'],
    ['duplicate', 'closed'],
  ] as const)('reports a %s report as %s', (status, expected) => {
    expect(toOpen311Request({ ...row, status }, SEED_REPORT_CATEGORIES).status).toBe(expected);
  });

  it('lists categories as services', () => {
    expect(toOpen311Service(SEED_REPORT_CATEGORIES[0])).toEqual({
      service_code: 'gatherings',
      service_name: 'Children gathering in public',
      description: expect.any(String),
      metadata: false,
      type: 'realtime',
      keywords: expect.stringContaining('okuplj'),
      group: 'Communal police and inspection',
    });
  });

  it('accepts form fields as strings', () => {
    const result = parseOpen311Post(
      { service_code: 'roads', lat: '42.28', long: '18.84', description: 'Rupa', media_url: '' },
      SEED_REPORT_CATEGORIES,
    );
    expect(result).toMatchObject({
      ok: true,
      post: { lat: 42.28, long: 18.84 },
      category: { code: 'roads' },
    });
  });

  it.each([
    [
      'a latitude out of range',
      { service_code: 'roads', lat: '91', long: '18', description: 'x' },
      'lat must be a number from -90 to 90',
    ],
    [
      'a longitude out of range',
      { service_code: 'roads', lat: '42', long: '-181', description: 'x' },
      'long must be a number from -180 to 180',
    ],
    [
      'a huge description',
      { service_code: 'roads', address_string: 'Budva', description: 'x'.repeat(2001) },
      'description may have 2000 characters at most',
    ],
    [
      'an unknown service code',
      { service_code: 'ufo', address_string: 'Budva', description: 'x' },
      'service_code ufo is not a service of this jurisdiction (see services.json)',
    ],
    [
      'no place',
      { service_code: 'roads', description: 'x' },
      'a location is required: lat and long, or address_string',
    ],
    ['half a point', { service_code: 'roads', lat: '42', description: 'x' }, 'lat and long go together'],
    ['no description', { service_code: 'roads', address_string: 'Budva' }, 'description is required'],
  ])('refuses %s, saying why', (_name, body, description) => {
    const result = parseOpen311Post(body, SEED_REPORT_CATEGORIES);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.description)).toContain(description);
  });
});
