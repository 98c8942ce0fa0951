/**
 * What of a report the public may see. Reports are private by default: Open311 without a key shows a
 * report only when the citizen agreed to publish it (without their name) AND staff approved it, and
 * even then never the staff's notes or who filed it; the place is snapped to a ~100 m grid unless the
 * citizen agreed to show it exactly (the address in words, which pinpoints it too, is then left out).
 */
export interface PublicationFacts {
  publishConsent: boolean;
  exactLocationConsent: boolean;
  published: boolean;
}

export const isPublic = (r: Pick<PublicationFacts, 'publishConsent' | 'published'>): boolean =>
  r.publishConsent && r.published;

/** Why staff may not approve a report's publication, or null when they may. */
export function publicationRefusal(r: Pick<PublicationFacts, 'publishConsent'>): string | null {
  return r.publishConsent ? null : 'the citizen did not agree to publish this report';
}

const METRES_PER_DEGREE = 111_320;
export const PUBLIC_GRID_METRES = 100;

/**
 * The centre of the ~`metres` grid cell a point falls in: every point in a cell gives the same answer,
 * so nothing finer than the cell can be learned. Latitude steps are `metres` of arc; longitude steps are
 * widened by 1/cos(latitude of the cell) so the cell stays about square.
 */
export function roundToGrid(
  lat: number,
  lon: number,
  metres = PUBLIC_GRID_METRES,
): { lat: number; lon: number } {
  const latStep = metres / METRES_PER_DEGREE;
  const cellLat = Math.min(90, Math.max(-90, (Math.floor(lat / latStep) + 0.5) * latStep));
  const cos = Math.max(Math.cos((cellLat * Math.PI) / 180), 1e-6);
  const lonStep = metres / (METRES_PER_DEGREE * cos);
  let cellLon = (Math.floor(lon / lonStep) + 0.5) * lonStep;
  if (cellLon > 180) cellLon -= 360;
  const fix = (v: number) => Math.round(v * 1e6) / 1e6;
  return { lat: fix(cellLat), lon: fix(cellLon) };
}

export interface Placed {
  lat: number | null;
  lon: number | null;
  address: string | null;
}

/** The place as the public sees it: exact when the citizen agreed, else the grid cell and no address. */
export function publicPlace(r: Placed & Pick<PublicationFacts, 'exactLocationConsent'>): Placed {
  if (r.exactLocationConsent) return { lat: r.lat, lon: r.lon, address: r.address };
  if (r.lat === null || r.lon === null) return { lat: null, lon: null, address: null };
  return { ...roundToGrid(r.lat, r.lon), address: null };
}
