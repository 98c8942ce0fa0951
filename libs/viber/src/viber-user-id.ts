/** Citizen ids carry their channel, so ids from Viber and a future channel never collide. */
const VIBER_PREFIX = 'viber:';

export function citizenIdFromViber(viberUserId: string): string {
  if (!viberUserId) throw new Error('empty Viber user id');
  return `${VIBER_PREFIX}${viberUserId}`;
}

export function isViberCitizenId(citizenId: string): boolean {
  return citizenId.startsWith(VIBER_PREFIX) && citizenId.length > VIBER_PREFIX.length;
}

export function viberIdFromCitizen(citizenId: string): string {
  if (!isViberCitizenId(citizenId)) throw new Error(`not a Viber citizen id: ${citizenId}`);
  return citizenId.slice(VIBER_PREFIX.length);
}
