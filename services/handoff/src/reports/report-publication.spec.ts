import { isPublic, publicationRefusal, publicPlace, roundToGrid } from './report-publication';

/** Metres between two points (equirectangular; exact enough at 100 m). */
function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const x = ((b.lon - a.lon) * Math.PI * Math.cos(((a.lat + b.lat) * Math.PI) / 360)) / 180;
  const y = ((b.lat - a.lat) * Math.PI) / 180;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

describe('report publication', () => {
  it('is public only when the citizen agreed and staff approved', () => {
    expect(isPublic({ publishConsent: true, published: true })).toBe(true);
    expect(isPublic({ publishConsent: true, published: false })).toBe(false);
    expect(isPublic({ publishConsent: false, published: true })).toBe(false);
    expect(isPublic({ publishConsent: false, published: false })).toBe(false);
  });

  it('may be approved by staff only when the citizen agreed', () => {
    expect(publicationRefusal({ publishConsent: true })).toBeNull();
    expect(publicationRefusal({ publishConsent: false })).toMatch(/did not agree/);
  });

  it('snaps a point to the centre of its ~100 m cell', () => {
    const point = { lat: 42.28643, lon: 18.84011 };
    const cell = roundToGrid(point.lat, point.lon);
    expect(cell).not.toEqual(point);
    // Within half a diagonal of the cell, and never exactly the point.
    expect(metres(point, cell)).toBeLessThanOrEqual(75);
    // Every point of the cell gives the same answer: a few metres away is the same cell.
    expect(roundToGrid(cell.lat + 0.0002, cell.lon - 0.0002)).toEqual(cell);
    // The next cell is about 100 m away, in both directions.
    const north = roundToGrid(cell.lat + 0.001, cell.lon);
    const east = roundToGrid(cell.lat, cell.lon + 0.0013);
    expect(metres(cell, north)).toBeGreaterThan(90);
    expect(metres(cell, north)).toBeLessThan(115);
    expect(metres(cell, east)).toBeGreaterThan(90);
    expect(metres(cell, east)).toBeLessThan(115);
  });

  it('works anywhere on the globe, south and west too', () => {
    for (const [lat, lon] of [
      [-33.8688, 151.2093],
      [40.7128, -74.006],
      [0, 0],
      [89.9999, 179.9999],
    ]) {
      const cell = roundToGrid(lat, lon);
      expect(Math.abs(cell.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(cell.lon)).toBeLessThanOrEqual(180);
      if (Math.abs(lat) < 80) expect(metres({ lat, lon }, cell)).toBeLessThanOrEqual(75);
    }
  });

  it('shows the exact place and address only with the citizen’s consent', () => {
    const place = { lat: 42.2864, lon: 18.84, address: 'Mediteranska 4' };
    expect(publicPlace({ ...place, exactLocationConsent: true })).toEqual(place);
    const rounded = publicPlace({ ...place, exactLocationConsent: false });
    expect(rounded.address).toBeNull();
    expect(rounded).toEqual({ ...roundToGrid(place.lat, place.lon), address: null });
    expect(
      publicPlace({ lat: null, lon: null, address: 'Mediteranska 4', exactLocationConsent: false }),
    ).toEqual({ lat: null, lon: null, address: null });
  });
});
