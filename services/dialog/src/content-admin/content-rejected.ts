import { DomainError, DomainErrorKind } from '@citizen-desk/contracts';
import { ContentChange, describeChange } from './content-diff';
import { ContentEditor } from './content-permissions';

const KIND_OF_REASON = {
  'out-of-department': 'forbidden',
  'admin-only': 'forbidden',
  'beyond-scope': 'forbidden',
  'no-such-topic': 'not-found',
  'no-such-version': 'not-found',
  'required-topic': 'conflict',
  'referenced-topic': 'conflict',
  'no-draft': 'conflict',
  'stale-draft': 'conflict',
  'no-change': 'conflict',
  'version-in-use': 'conflict',
  'version-taken': 'conflict',
  'nothing-published': 'conflict',
  'invalid-content': 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type ContentRejectedReason = keyof typeof KIND_OF_REASON;

/** A refused content administration command; the reason decides the kind, so the two never disagree. */
export class ContentRejected extends DomainError {
  readonly kind: DomainErrorKind;
  declare readonly reason: ContentRejectedReason;

  constructor(reason: ContentRejectedReason, message: string, details?: Record<string, unknown>) {
    super(reason, message, details);
    this.kind = KIND_OF_REASON[reason];
  }
}

export function outOfDepartment(staff: Pick<ContentEditor, 'departments'>, what: string): ContentRejected {
  return new ContentRejected(
    'out-of-department',
    `${what} is outside your departments (${staff.departments.join(', ') || 'none'})`,
  );
}

/** The changes are listed in the answer, so an editor sees which of them are someone else's. */
export function beyondScope(action: string, changes: ContentChange[]): ContentRejected {
  return new ContentRejected(
    'beyond-scope',
    `you may not ${action} changes outside your departments: ${changes.map(describeChange).join('; ')}`,
    { changes },
  );
}
