/** Answers an operator sends often, in each citizen language; the operator picks one by id. */
export interface SavedReply {
  id: string;
  title: string;
  text: Record<'cnr-Latn' | 'cnr-Cyrl' | 'en', string>;
}

export const SAVED_REPLIES: SavedReply[] = [
  {
    id: 'greeting',
    title: 'Pozdrav / Greeting',
    text: {
      'cnr-Latn': 'Dobar dan, ovdje Opština Budva. Kako vam mogu pomoći?',
      'cnr-Cyrl': 'Добар дан, овдје Општина Будва. Како вам могу помоћи?',
      en: 'Good day, this is the Municipality of Budva. How can I help you?',
    },
  },
  {
    id: 'checking',
    title: 'Provjeravam / Checking',
    text: {
      'cnr-Latn': 'Hvala, provjeravam i javljam vam se za par minuta.',
      'cnr-Cyrl': 'Хвала, провјеравам и јављам вам се за пар минута.',
      en: 'Thank you, I am checking and will get back to you in a few minutes.',
    },
  },
  {
    id: 'documents',
    title: 'Dokumenta / Documents',
    text: {
      'cnr-Latn': 'Molimo pošaljite fotografiju dokumenta ovdje u razgovoru.',
      'cnr-Cyrl': 'Молимо пошаљите фотографију документа овдје у разговору.',
      en: 'Please send a photo of the document here in the chat.',
    },
  },
  {
    id: 'anything-else',
    title: 'Još nešto? / Anything else?',
    text: {
      'cnr-Latn': 'Mogu li vam pomoći još nečim?',
      'cnr-Cyrl': 'Могу ли вам помоћи још нечим?',
      en: 'Is there anything else I can help you with?',
    },
  },
];

export function savedReplyText(id: string, language: string): string | undefined {
  const reply = SAVED_REPLIES.find((r) => r.id === id);
  if (!reply) return undefined;
  return reply.text[language as keyof SavedReply['text']] ?? reply.text['cnr-Latn'];
}
