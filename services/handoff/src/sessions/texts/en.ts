import type { CitizenTexts } from './citizen-texts';

export const en: CitizenTexts = {
  queued: (position, wait) =>
    `You are in the queue for an operator: number ${position}. ${wait === null ? '' : `Lately the wait has been about ${wait} min. `}Write your question here meanwhile; the operator will see it.`,
  queuedOutsideHours: (hours) =>
    `Our operators work ${hours}. Leave your message here: it waits in the queue and an operator will answer when the office opens.`,
  queuedHoursUnknown: (position) =>
    `You are in the queue for an operator: number ${position}. We do not have confirmed office hours, so we cannot say when an operator will reply. Write your question here: an operator will answer as soon as one is available.`,
  assigned: (name) => `${name} from the municipality is with you now.`,
  transferred:
    'Your conversation has been passed to the right department. Please wait a moment for a colleague.',
  endedByOperator: 'The operator has closed the conversation. Thank you for writing to us.',
  endedByCitizen: 'You have ended the conversation with the operator.',
  waitedTooLong:
    'We are sorry: no operator could take your conversation in time. Your messages are saved and the municipality will read them. You can ask for an operator again at any time.',
  idle: 'The conversation with the operator has ended because it was quiet for a while. Your messages are saved; write again any time.',
  askRating: 'How satisfied were you with the help you got? Tap 1 (poor) to 5 (excellent).',
  ratingThanks: 'Thank you for your rating!',
  endButton: 'End the conversation',
  dayNames: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
};
