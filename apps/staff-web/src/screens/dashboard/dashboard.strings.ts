import { useI18n } from '../../i18n';

/** The dashboard's own texts (the shared ones stay in i18n.tsx). */
const en = {
  questions: 'Questions',
  answeredByBot: 'Answered by the bot',
  notUnderstoodShare: 'Not understood',
  subscribers: 'Subscribers',
  vsPrevious: '{delta} vs. the previous period',
  previousValue: '{value} in the previous period',
  byTopic: 'Questions by topic, compared with the previous period',
  byTopicPerBucket: 'Questions by topic, per period',
  topic: 'Topic',
  previous: 'Previous period',
  change: 'Change',
  answeredShare: 'Answered by the bot',
  drillDown: 'Questions about {topic}',
  showQuestions: 'Show the questions about {topic}',
  question: 'Question (normalised)',
  answered: 'Answered',
  handoff: 'To an operator',
  notUnderstood: 'Not understood',
  close: 'Close',
  operators: 'Operators',
  campaigns: 'Campaign funnels',
  notUnderstoodList: 'What the bot did not understand',
  reports: 'Reports by category',
  timeZoneNote: 'Times in {zone}.',
  none: 'Nothing in this period.',
} as const;
type DashboardKey = keyof typeof en;

const cnr: Record<DashboardKey, string> = {
  questions: 'Pitanja',
  answeredByBot: 'Odgovorio bot',
  notUnderstoodShare: 'Nije razumio',
  subscribers: 'Pretplatnici',
  vsPrevious: '{delta} u odnosu na prethodni period',
  previousValue: '{value} u prethodnom periodu',
  byTopic: 'Pitanja po temi, u odnosu na prethodni period',
  byTopicPerBucket: 'Pitanja po temi, po periodima',
  topic: 'Tema',
  previous: 'Prethodni period',
  change: 'Promjena',
  answeredShare: 'Odgovorio bot',
  drillDown: 'Pitanja o temi {topic}',
  showQuestions: 'Prikaži pitanja o temi {topic}',
  question: 'Pitanje (normalizovano)',
  answered: 'Odgovoreno',
  handoff: 'Službeniku',
  notUnderstood: 'Nije razumio',
  close: 'Zatvori',
  operators: 'Operateri',
  campaigns: 'Isporuka obavještenja',
  notUnderstoodList: 'Šta bot nije razumio',
  reports: 'Prijave po kategoriji',
  timeZoneNote: 'Vrijeme: {zone}.',
  none: 'Ništa u ovom periodu.',
};

export function useDashboardText() {
  const { lang } = useI18n();
  const dict = lang === 'en' ? en : cnr;
  return (key: DashboardKey, vars?: Record<string, string | number>) =>
    Object.entries(vars ?? {}).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, String(v)), dict[key]);
}
