import { Messages } from '../messages';

type Key =
  | 'received'
  | 'in-progress'
  | 'resolved'
  | 'not-our-responsibility'
  | 'duplicate'
  | 'filed'
  | 'statusChange'
  | 'reassigned'
  | 'published'
  | 'withdrawn'
  | 'by'
  | 'noHistory'
  | 'photo'
  | 'noPhoto'
  | 'coordinates'
  | 'noPlace'
  | 'count'
  | 'noReports'
  | 'noteRequired'
  | 'channel'
  | 'filter';

export const reportMessages: Messages<Key> = {
  en: {
    received: 'received',
    'in-progress': 'in progress',
    resolved: 'resolved',
    'not-our-responsibility': 'not our responsibility',
    duplicate: 'duplicate',
    filed: 'Filed ({channel})',
    statusChange: 'Status: {from} → {to}',
    reassigned: 'Reassigned: {from} → {to}',
    published: 'Publication approved',
    withdrawn: 'Publication withdrawn',
    by: 'by {name}',
    noHistory: 'No history yet.',
    photo: 'Photo the citizen sent',
    noPhoto: 'No photo.',
    coordinates: 'Coordinates',
    noPlace: 'No place given.',
    count: '{n} reports',
    noReports: 'No reports match these filters.',
    noteRequired: 'Required for resolved and not our responsibility: the citizen receives it on Viber.',
    channel: 'Channel',
    filter: 'Filter',
  },
  cnr: {
    received: 'primljena',
    'in-progress': 'u radu',
    resolved: 'riješena',
    'not-our-responsibility': 'nije u nadležnosti',
    duplicate: 'duplikat',
    filed: 'Podnesena ({channel})',
    statusChange: 'Status: {from} → {to}',
    reassigned: 'Dodijeljena drugoj službi: {from} → {to}',
    published: 'Objava odobrena',
    withdrawn: 'Objava povučena',
    by: '– {name}',
    noHistory: 'Još nema istorije.',
    photo: 'Fotografija koju je poslao građanin',
    noPhoto: 'Nema fotografije.',
    coordinates: 'Koordinate',
    noPlace: 'Mjesto nije navedeno.',
    count: 'Prijava: {n}',
    noReports: 'Nema prijava za ove filtere.',
    noteRequired: 'Obavezno za riješene i one van nadležnosti: građanin je dobija na Viberu.',
    channel: 'Kanal',
    filter: 'Filtriraj',
  },
};
