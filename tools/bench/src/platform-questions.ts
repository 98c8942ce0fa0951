/**
 * What new citizens ask in bench:platform: Montenegrin in Latin (with and without diacritics) and
 * Cyrillic, and English, over the top topics, plus a greeting and a question off every topic.
 */
export const QUESTIONS: readonly string[] = [
  'Kako da dobijem jednokratnu novčanu pomoć?',
  'jednokratna pomoc kako se prijaviti',
  'Koliko iznosi porez na nepokretnosti?',
  'do kada se placa porez na imovinu',
  'Treba mi broj telefona sekretarijata za finansije',
  'Kako da prijavim javno okupljanje djece?',
  'Zdravo',
  'Која су радна времена општине?',
  'Како да платим порез на непокретности?',
  'Једнократна новчана помоћ за породицу',
  'Телефон комуналне полиције',
  'Које су мјере за јавно здравље?',
  'How do I apply for one-time financial aid?',
  'When is the property tax due?',
  'phone number of the utilities department',
  'What are the current public health measures?',
  'Hello',
  'Where can I park my boat?',
];

export function questionAt(i: number): string {
  return QUESTIONS[i % QUESTIONS.length];
}
