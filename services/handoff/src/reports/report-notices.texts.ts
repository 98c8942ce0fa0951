import { LANGUAGES } from '@citizen-desk/contracts';

/**
 * What the reports service says to citizens on Viber, in every language the bot speaks. Authored in
 * Montenegrin (Latin) and English; the Cyrillic was generated with the dialog's transliteration.
 * `{name}` marks a value filled in when the message is sent.
 */
export const REPORT_NOTICE_LANGUAGES = LANGUAGES;
export type NoticeLanguage = (typeof REPORT_NOTICE_LANGUAGES)[number];

export const reportNoticeTexts = {
  filed: {
    'cnr-Latn':
      'Vaša prijava je zavedena pod brojem {reference} i proslijeđena službi: {agency}. Ovdje ćemo vam javiti svaku promjenu statusa. Da pitate za prijavu, napišite njen broj.',
    'cnr-Cyrl':
      'Ваша пријава је заведена под бројем {reference} и прослијеђена служби: {agency}. Овдје ћемо вам јавити сваку промјену статуса. Да питате за пријаву, напишите њен број.',
    en: 'Your report is filed as {reference} and passed to: {agency}. We will tell you here whenever its status changes. To ask about it, write its number.',
  },
  inProgress: {
    'cnr-Latn': 'Prijava {reference}: nadležna služba je preuzela predmet i radi na njemu.',
    'cnr-Cyrl': 'Пријава {reference}: надлежна служба је преузела предмет и ради на њему.',
    en: 'Report {reference}: the responsible service has taken it up and is working on it.',
  },
  resolved: {
    'cnr-Latn': 'Prijava {reference} je riješena. {note}',
    'cnr-Cyrl': 'Пријава {reference} је ријешена. {note}',
    en: 'Report {reference} is resolved. {note}',
  },
  notOurs: {
    'cnr-Latn': 'Prijava {reference} nije u nadležnosti opštine. {note}',
    'cnr-Cyrl': 'Пријава {reference} није у надлежности општине. {note}',
    en: 'Report {reference} is not the municipality’s responsibility. {note}',
  },
  duplicate: {
    'cnr-Latn':
      'Prijava {reference} se odnosi na isti slučaj kao prijava {duplicateOf}; pratimo je tamo. {note}',
    'cnr-Cyrl':
      'Пријава {reference} се односи на исти случај као пријава {duplicateOf}; пратимо је тамо. {note}',
    en: 'Report {reference} is about the same case as report {duplicateOf}; we follow it there. {note}',
  },
  statusLine: {
    'cnr-Latn': '{reference} ({date}): {status}',
    'cnr-Cyrl': '{reference} ({date}): {status}',
    en: '{reference} ({date}): {status}',
  },
  statusReceived: {
    'cnr-Latn': 'zaprimljena',
    'cnr-Cyrl': 'запримљена',
    en: 'received',
  },
  statusInProgress: {
    'cnr-Latn': 'u radu',
    'cnr-Cyrl': 'у раду',
    en: 'in progress',
  },
  statusResolved: {
    'cnr-Latn': 'riješena',
    'cnr-Cyrl': 'ријешена',
    en: 'resolved',
  },
  statusNotOurs: {
    'cnr-Latn': 'nije u nadležnosti opštine',
    'cnr-Cyrl': 'није у надлежности општине',
    en: 'not the municipality’s responsibility',
  },
  statusDuplicate: {
    'cnr-Latn': 'duplikat',
    'cnr-Cyrl': 'дупликат',
    en: 'duplicate',
  },
  yourReports: {
    'cnr-Latn': 'Vaše prijave:',
    'cnr-Cyrl': 'Ваше пријаве:',
    en: 'Your reports:',
  },
  notFound: {
    'cnr-Latn':
      'Ne nalazimo prijavu {reference} poslatu sa ovog Viber naloga. Provjerite broj ili pozovite +382 33 451 451.',
    'cnr-Cyrl':
      'Не налазимо пријаву {reference} послату са овог Вибер налога. Провјерите број или позовите +382 33 451 451.',
    en: 'We find no report {reference} sent from this Viber account. Please check the number, or call +382 33 451 451.',
  },
  noReports: {
    'cnr-Latn': 'Sa ovog Viber naloga još nije poslata nijedna prijava.',
    'cnr-Cyrl': 'Са овог Вибер налога још није послата ниједна пријава.',
    en: 'No report has been sent from this Viber account yet.',
  },
  photoNotAnImage: {
    'cnr-Latn':
      'Fotografiju nismo prihvatili: to nije slika (primamo JPEG, PNG, WebP i GIF). Prijava je zavedena bez nje.',
    'cnr-Cyrl':
      'Фотографију нисмо прихватили: то није слика (примамо JPEG, PNG, WebP и GIF). Пријава је заведена без ње.',
    en: 'We could not accept the photo: it is not an image (we take JPEG, PNG, WebP and GIF). The report is filed without it.',
  },
  photoTooLarge: {
    'cnr-Latn': 'Fotografiju nismo prihvatili: veća je od 10 MB. Prijava je zavedena bez nje.',
    'cnr-Cyrl': 'Фотографију нисмо прихватили: већа је од 10 MB. Пријава је заведена без ње.',
    en: 'We could not accept the photo: it is larger than 10 MB. The report is filed without it.',
  },
  photoUnreachable: {
    'cnr-Latn': 'Fotografiju nismo uspjeli preuzeti. Prijava je zavedena bez nje.',
    'cnr-Cyrl': 'Фотографију нисмо успјели преузети. Пријава је заведена без ње.',
    en: 'We could not download the photo. The report is filed without it.',
  },
} satisfies Record<string, Record<NoticeLanguage, string>>;

export type ReportNoticeKey = keyof typeof reportNoticeTexts;
