import { useI18n } from '../../i18n';

/** The content editor's own texts (the shared ones stay in i18n.tsx). */
const en = {
  tree: 'Menu and topics',
  mainMenu: 'Main menu',
  unlisted: 'Topics outside the menu',
  missingTopic: 'no such topic in the draft',
  scriptLatn: 'Montenegrin (Latin)',
  scriptCyrl: 'Montenegrin (Cyrillic)',
  scriptEn: 'English',
  cyrillicFromLatin: 'Cyrillic generated from the Latin text',
  chat: 'Try the draft',
  chatHint: 'The bot answers from the draft, not from what is published. Nothing is sent to anyone.',
  chatInput: 'Message to the bot (draft)',
  chatSend: 'Send',
  chatReset: 'Start over',
  chatFromPublished: 'The draft has no changes: these are the published answers.',
  you: 'You',
  bot: 'Bot',
  outcome: 'Topic: {topic} · {outcome}',
  showChanges: 'Published and draft text',
  before: 'Published',
  after: 'Draft',
  inbox: 'Not understood: inbox',
  inboxEmpty: 'Nothing waiting.',
  inboxTopic: 'Topic for “{text}”',
  inboxLanguage: 'Language of “{text}”',
  fileUnder: 'Add to topic',
  dismiss: 'Dismiss',
  dismissed: 'Dismissed',
  filed: 'Added to the examples of {topic} in the draft',
  asked: 'Asked',
  lastAsked: 'Last asked',
  version: 'Version',
} as const;
type ContentKey = keyof typeof en;

const cnr: Record<ContentKey, string> = {
  tree: 'Meni i teme',
  mainMenu: 'Glavni meni',
  unlisted: 'Teme van menija',
  missingTopic: 'nema te teme u nacrtu',
  scriptLatn: 'Crnogorski (latinica)',
  scriptCyrl: 'Crnogorski (ćirilica)',
  scriptEn: 'Engleski',
  cyrillicFromLatin: 'Ćirilica se pravi iz latinice',
  chat: 'Isprobajte nacrt',
  chatHint: 'Bot odgovara iz nacrta, ne iz objavljenog sadržaja. Ništa se nikome ne šalje.',
  chatInput: 'Poruka botu (nacrt)',
  chatSend: 'Pošalji',
  chatReset: 'Ispočetka',
  chatFromPublished: 'U nacrtu nema izmjena: ovo su objavljeni odgovori.',
  you: 'Vi',
  bot: 'Bot',
  outcome: 'Tema: {topic} · {outcome}',
  showChanges: 'Objavljeni tekst i nacrt',
  before: 'Objavljeno',
  after: 'Nacrt',
  inbox: 'Nije razumio: za obradu',
  inboxEmpty: 'Ništa ne čeka.',
  inboxTopic: 'Tema za „{text}”',
  inboxLanguage: 'Jezik za „{text}”',
  fileUnder: 'Dodaj u temu',
  dismiss: 'Odbaci',
  dismissed: 'Odbačeno',
  filed: 'Dodato u primjere teme {topic} u nacrtu',
  asked: 'Puta',
  lastAsked: 'Posljednji put',
  version: 'Verzija',
};

export function useContentText() {
  const { lang } = useI18n();
  const dict = lang === 'en' ? en : cnr;
  return (key: ContentKey, vars?: Record<string, string | number>) =>
    Object.entries(vars ?? {}).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, String(v)), dict[key]);
}
