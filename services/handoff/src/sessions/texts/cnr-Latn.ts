import type { CitizenTexts } from './citizen-texts';

export const cnrLatn: CitizenTexts = {
  queued: (position, wait) =>
    `Na redu ste za operatera: ${position}. ${wait === null ? '' : `U posljednje vrijeme čekanje je oko ${wait} min. `}Slobodno napišite pitanje; operater će ga vidjeti.`,
  queuedOutsideHours: (hours) =>
    `Naši operateri rade ${hours}. Ostavite poruku ovdje: čeka u redu i operater će odgovoriti kad počne radno vrijeme.`,
  queuedHoursUnknown: (position) =>
    `Na redu ste za operatera: ${position}. Radno vrijeme operatera nemamo potvrđeno, pa ne možemo reći kada će se javiti. Napišite pitanje ovdje: operater će odgovoriti čim bude dostupan.`,
  assigned: (name) => `${name} iz Opštine je sada s vama.`,
  transferred: 'Vaš razgovor je proslijeđen nadležnoj službi. Molimo sačekajte trenutak.',
  endedByOperator: 'Operater je završio razgovor. Hvala što ste nam se obratili.',
  endedByCitizen: 'Završili ste razgovor s operaterom.',
  waitedTooLong:
    'Žao nam je: nijedan operater nije stigao da preuzme razgovor na vrijeme. Vaše poruke su sačuvane i Opština će ih pročitati. Operatera možete ponovo zatražiti bilo kad.',
  idle: 'Razgovor s operaterom je završen jer neko vrijeme nije bilo poruka. Vaše poruke su sačuvane; pišite nam bilo kad.',
  askRating: 'Koliko ste zadovoljni pomoći? Dodirnite 1 (loše) do 5 (odlično).',
  ratingThanks: 'Hvala na ocjeni!',
  endButton: 'Završi razgovor',
  dayNames: { mon: 'pon', tue: 'uto', wed: 'sri', thu: 'čet', fri: 'pet', sat: 'sub', sun: 'ned' },
};
