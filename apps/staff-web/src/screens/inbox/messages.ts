import { Messages } from '../messages';

export const inboxMessages: Messages<'sound' | 'outsideHours'> = {
  en: { sound: 'Sound for a new conversation', outsideHours: 'outside office hours' },
  cnr: { sound: 'Zvuk za novi razgovor', outsideHours: 'van radnog vremena' },
};
