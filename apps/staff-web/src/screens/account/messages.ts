import { Messages } from '../messages';

export const accountMessages: Messages<
  | 'forcedIntro'
  | 'signInAgain'
  | 'viberTitle'
  | 'viberIntro'
  | 'viberLinked'
  | 'viberNotLinked'
  | 'viberGetCode'
  | 'viberSendCode'
  | 'viberExpires'
  | 'viberCheck'
  | 'viberNowLinked'
  | 'viberStillWaiting'
> = {
  en: {
    forcedIntro: 'An administrator chose your password: the one you were given is your current password.',
    signInAgain: 'Password changed; signing you in with the new one…',
    viberTitle: 'My Viber account for test sends',
    viberIntro:
      'Test sends of a notice go only to your own Viber account. Link it once: get a code here and send it to the municipality’s bot from your phone.',
    viberLinked: 'Linked since {at}.',
    viberNotLinked: 'No Viber account linked yet.',
    viberGetCode: 'Get a code',
    viberSendCode: 'Send this code to the bot on Viber:',
    viberExpires: 'valid until {at}',
    viberCheck: 'I sent it',
    viberNowLinked: 'Your Viber account is linked.',
    viberStillWaiting: 'Not linked yet: the bot has not received the code.',
  },
  cnr: {
    forcedIntro: 'Lozinku vam je dodijelio administrator: dodijeljena lozinka je vaša trenutna lozinka.',
    signInAgain: 'Lozinka je promijenjena; prijavljujemo vas novom…',
    viberTitle: 'Moj Viber nalog za probna slanja',
    viberIntro:
      'Probna slanja obavještenja idu samo na vaš Viber nalog. Povežite ga jednom: ovdje dobijete kod i pošaljete ga botu opštine sa svog telefona.',
    viberLinked: 'Povezan od {at}.',
    viberNotLinked: 'Viber nalog još nije povezan.',
    viberGetCode: 'Dobij kod',
    viberSendCode: 'Pošaljite ovaj kod botu na Viberu:',
    viberExpires: 'važi do {at}',
    viberCheck: 'Poslao/la sam',
    viberNowLinked: 'Vaš Viber nalog je povezan.',
    viberStillWaiting: 'Još nije povezan: bot nije primio kod.',
  },
};
