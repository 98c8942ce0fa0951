import { z } from 'zod';

/**
 * Report categories are configuration (an admin edits them, `PUT /reports/categories/{code}`): each
 * has a department, which a new report is routed to at once, and is an Open311 service (`code` is the
 * `service_code`). A category lists the dialog topics it is offered for and words that point to it.
 */
const localized = z.object({
  'cnr-Latn': z.string().min(1).max(200),
  'cnr-Cyrl': z.string().min(1).max(200),
  en: z.string().min(1).max(200),
});

export const reportCategorySchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'kebab-case'),
  name: localized,
  description: z.string().max(1000).default(''),
  department: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a department id'),
  /** The department's name as citizens and Open311 clients see it (`agency_responsible`). */
  agency: localized,
  /** Dialog topics (e.g. `report-problem`) whose reports may belong here. */
  topics: z.array(z.string().min(1)).max(50).default([]),
  /** Lower-case word stems that, found in a description, place a report here ("rasvjet", "pothole"). */
  keywords: z.array(z.string().min(2).max(60)).max(200).default([]),
  active: z.boolean().default(true),
});
export type ReportCategory = z.infer<typeof reportCategorySchema>;

/*
 * Who receives reports: only bodies a public source names for the work, else the central department,
 * which routes them on (budva-facts.md). No source names a "Sekretarijat za komunalno-stambene poslove"
 * or a body for street lights or roads, so those go to the Secretariat for Local Self-Government.
 */

/**
 * "Komunalna policija i inspekcija" (rtvbudva.me/vijesti/pocelo-rusenje-nelegalnih-objekata-u-budvi/66015,
 * 2023-03-24). Its joint call centre with the Komunalna inspekcija takes citizens' reports (rtvbudva.me,
 * "Privremeni objekti u Budvi pod kontrolom komunalne policije", reviewing 2025), and it checked the
 * COVID measures in Budva, closed playgrounds included (rtvbudva.me/vijesti/video-budva-pod-kljucem/42031,
 * 2021-02-16). ⚠ The body citizens were told to report gatherings to in 2020 was not found.
 */
const POLICE = {
  'cnr-Latn': 'Komunalna policija i inspekcija',
  'cnr-Cyrl': 'Комунална полиција и инспекција',
  en: 'Communal police and inspection',
};
/** The central department: the Secretariat's e-mail and office (rtvbudva.me …/22167, March 2019). */
const SELF_GOVERNMENT = {
  'cnr-Latn': 'Sekretarijat za lokalnu samoupravu',
  'cnr-Cyrl': 'Секретаријат за локалну самоуправу',
  en: 'Secretariat for Local Self-Government',
};

/** Budva's categories on first start; the order decides which keyword wins. */
export const SEED_REPORT_CATEGORIES: ReportCategory[] = [
  {
    code: 'gatherings',
    name: {
      'cnr-Latn': 'Okupljanje djece na javnom mjestu',
      'cnr-Cyrl': 'Окупљање дјеце на јавном мјесту',
      en: 'Children gathering in public',
    },
    description: 'Children or young people gathering in a public place while gatherings are restricted.',
    department: 'communal-police',
    agency: POLICE,
    topics: ['gatherings-report'],
    keywords: ['okuplj', 'djec', 'dece', 'deca', 'maloljet', 'children', 'kids', 'teenager', 'gathering'],
    active: true,
  },
  {
    code: 'street-light',
    name: { 'cnr-Latn': 'Ulična rasvjeta', 'cnr-Cyrl': 'Улична расвјета', en: 'Street light' },
    description: 'A street light that is out, flickering or damaged.',
    department: 'local-self-government',
    agency: SELF_GOVERNMENT,
    topics: ['report-problem'],
    keywords: ['rasvjet', 'rasvet', 'sijalic', 'svjetl', 'svetl', 'bander', 'lamp', 'light'],
    active: true,
  },
  {
    code: 'illegal-dump',
    name: { 'cnr-Latn': 'Divlja deponija', 'cnr-Cyrl': 'Дивља депонија', en: 'Illegal dump' },
    description: 'Waste or rubble dumped where it should not be.',
    department: 'communal-police',
    agency: POLICE,
    topics: ['report-problem'],
    keywords: [
      'deponij',
      'smeć',
      'smec',
      'otpad',
      'đubr',
      'djubr',
      'šut',
      'smetli',
      'dump',
      'rubbish',
      'garbage',
      'trash',
      'waste',
      'rubble',
    ],
    active: true,
  },
  {
    code: 'roads',
    name: { 'cnr-Latn': 'Putevi i trotoari', 'cnr-Cyrl': 'Путеви и тротоари', en: 'Roads and pavements' },
    description: 'Potholes, damaged roads, pavements and signs.',
    department: 'local-self-government',
    agency: SELF_GOVERNMENT,
    topics: ['report-problem'],
    keywords: [
      'rupa',
      'rupe',
      'asfalt',
      'trotoar',
      'put ',
      'puta',
      'kolovoz',
      'road',
      'pothole',
      'pavement',
      'sidewalk',
    ],
    active: true,
  },
  {
    code: 'other',
    name: { 'cnr-Latn': 'Ostalo', 'cnr-Cyrl': 'Остало', en: 'Other' },
    description: 'Anything else; the Secretariat for Local Self-Government routes it on.',
    department: 'local-self-government',
    agency: SELF_GOVERNMENT,
    topics: ['report-problem'],
    keywords: [],
    active: true,
  },
];

/**
 * The category of a report from the dialog: the only category offered for its topic; else the first
 * of the topic's categories whose keyword the description contains; else the topic's catch-all (no
 * keywords). Staff can recategorize later (reassign).
 */
export function categorize(
  topic: string,
  description: string,
  categories: readonly ReportCategory[],
): ReportCategory {
  const active = categories.filter((c) => c.active);
  if (active.length === 0) throw new Error('no active report category is configured');
  const forTopic = active.filter((c) => c.topics.includes(topic));
  const candidates = forTopic.length ? forTopic : active;
  if (candidates.length === 1) return candidates[0];
  const text = ` ${description.toLowerCase()} `;
  return (
    candidates.find((c) => c.keywords.some((k) => text.includes(k.toLowerCase()))) ??
    candidates.find((c) => c.keywords.length === 0) ??
    candidates[candidates.length - 1]
  );
}
