import { StaffClaims } from '@citizen-desk/auth';
import { Language } from '../../../content';

export interface FileNotUnderstoodCommand {
  staff: StaffClaims;
  topicId: string;
  /** The inbox's text of the question. */
  question: string;
  language: Language;
}
