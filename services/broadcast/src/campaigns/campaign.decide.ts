import {
  Audience,
  CampaignContent,
  DomainError,
  DomainErrorKind,
  EventType,
  Language,
} from '@citizen-desk/contracts';
import { CampaignState, CampaignStatus } from './campaign.state';

/** Viber shows at most 768 characters under a picture. */
export const MAX_PICTURE_CAPTION = 768;

type Staff = { by: string; at: string };

export type CampaignCommand =
  | ({
      type: 'CreateCampaign';
      campaignId: string;
      department: string;
      title: string;
      content: CampaignContent;
      audience: Audience;
      sendAt?: string;
    } & Staff)
  | ({ type: 'ChooseAudience'; audience: Audience } & Staff)
  | ({
      type: 'EditCampaign';
      title?: string;
      content?: CampaignContent;
      /** null: no particular time any more. */
      sendAt?: string | null;
    } & Staff)
  | ({ type: 'SendTest'; citizenId: string; language: Language; messageId: string } & Staff)
  | ({ type: 'SubmitCampaign' } & Staff)
  | ({ type: 'ApproveCampaign'; sendAt?: string } & Staff)
  | { type: 'StartCampaign'; targeted: number; at: string }
  | ({ type: 'PauseCampaign' } & Staff)
  | ({ type: 'ResumeCampaign' } & Staff)
  | ({ type: 'CancelCampaign'; reason?: string } & Staff)
  | {
      type: 'CompleteCampaign';
      recipients: number;
      batches: number;
      sent: number;
      failed: number;
      at: string;
    };

export interface CampaignEvent {
  type: EventType;
  data: Record<string, unknown>;
}

/** Why the campaign's rules refuse a command, and what kind of refusal each reason is. */
const REFUSAL_KINDS = {
  'no-such-campaign': 'not-found',
  'campaign-exists': 'conflict',
  'wrong-status': 'conflict',
  'not-due-yet': 'conflict',
  'author-cannot-approve': 'forbidden',
  'editor-cannot-approve': 'forbidden',
  'caption-too-long': 'invalid',
} as const satisfies Record<string, DomainErrorKind>;
export type CampaignRejectionReason = keyof typeof REFUSAL_KINDS;

/** A command the campaign's rules refuse. */
export class CampaignRejected extends DomainError {
  readonly kind: DomainErrorKind;

  constructor(reason: CampaignRejectionReason, message: string) {
    super(reason, message);
    this.kind = REFUSAL_KINDS[reason];
  }
}

const refuse = (reason: CampaignRejectionReason, message: string): never => {
  throw new CampaignRejected(reason, message);
};

function requireStatus(state: CampaignState, allowed: CampaignStatus[], action: string): void {
  if (state.status === 'none') refuse('no-such-campaign', 'no such campaign');
  if (!allowed.includes(state.status))
    refuse(
      'wrong-status',
      `cannot ${action} a campaign that is ${state.status} (needs ${allowed.join(' or ')})`,
    );
}

function checkContent(content: CampaignContent): void {
  if (!content.pictureUrl) return;
  for (const [language, text] of Object.entries(content.texts)) {
    if (text && text.length > MAX_PICTURE_CAPTION)
      refuse(
        'caption-too-long',
        `texts.${language}: with a picture the text is its caption, at most ${MAX_PICTURE_CAPTION} characters`,
      );
  }
}

/** What a command on a campaign records, given the campaign's state; throws CampaignRejected when refused. */
export function decideCampaign(command: CampaignCommand, state: CampaignState): CampaignEvent[] {
  const base = { campaignId: state.campaignId, department: state.department, at: command.at };
  switch (command.type) {
    case 'CreateCampaign': {
      if (state.status !== 'none') refuse('campaign-exists', 'the campaign exists already');
      checkContent(command.content);
      const { type: _type, ...data } = command;
      return [{ type: 'CampaignCreated', data: dropUndefined(data) }];
    }
    case 'ChooseAudience':
      // Allowed until it starts; after submission the change sends the campaign back to a draft.
      requireStatus(state, ['draft', 'submitted', 'scheduled'], 'change the audience of');
      return [
        { type: 'CampaignAudienceChosen', data: { ...base, by: command.by, audience: command.audience } },
      ];
    case 'EditCampaign': {
      // Like the audience: until it starts, and a change after submission sends it back to a draft.
      requireStatus(state, ['draft', 'submitted', 'scheduled'], 'change');
      if (command.content) checkContent(command.content);
      const { type: _type, ...rest } = command;
      return [{ type: 'CampaignEdited', data: dropUndefined({ ...base, ...rest }) }];
    }
    case 'SendTest':
      requireStatus(state, ['draft', 'submitted', 'scheduled'], 'test');
      return [
        {
          type: 'CampaignTestSent',
          data: {
            ...base,
            by: command.by,
            citizenId: command.citizenId,
            language: command.language,
            messageId: command.messageId,
          },
        },
      ];
    case 'SubmitCampaign':
      requireStatus(state, ['draft'], 'submit');
      return [{ type: 'CampaignSubmitted', data: { ...base, by: command.by } }];
    case 'ApproveCampaign': {
      requireStatus(state, ['submitted'], 'approve');
      // Four eyes: whoever wrote or changed a notice to every phone in town cannot also be the one who
      // lets it go. Admins are no exception: the rule is about persons, not roles.
      if (command.by === state.author)
        refuse('author-cannot-approve', 'the author of a campaign cannot approve it');
      if ((state.editors ?? []).includes(command.by))
        refuse('editor-cannot-approve', 'whoever changed a campaign cannot approve it');
      const sendAt = latest(command.sendAt ?? state.requestedSendAt ?? command.at, command.at);
      return [
        { type: 'CampaignApproved', data: { ...base, by: command.by } },
        { type: 'CampaignScheduled', data: { ...base, by: command.by, sendAt } },
      ];
    }
    case 'StartCampaign':
      requireStatus(state, ['scheduled'], 'start');
      if (state.sendAt && Date.parse(state.sendAt) > Date.parse(command.at))
        refuse('not-due-yet', `the campaign is scheduled for ${state.sendAt}`);
      return [{ type: 'CampaignStarted', data: { ...base, targeted: command.targeted } }];
    case 'PauseCampaign':
      requireStatus(state, ['sending'], 'pause');
      return [{ type: 'CampaignPaused', data: { ...base, by: command.by } }];
    case 'ResumeCampaign':
      requireStatus(state, ['paused'], 'resume');
      return [{ type: 'CampaignResumed', data: { ...base, by: command.by } }];
    case 'CancelCampaign':
      requireStatus(state, ['draft', 'submitted', 'scheduled', 'sending', 'paused'], 'cancel');
      return [
        {
          type: 'CampaignCancelled',
          data: dropUndefined({ ...base, by: command.by, reason: command.reason }),
        },
      ];
    case 'CompleteCampaign': {
      // Batches already handed to the gateway finish after a pause; the campaign is then complete all the same.
      requireStatus(state, ['sending', 'paused'], 'complete');
      const { type: _type, ...counts } = command;
      return [{ type: 'CampaignCompleted', data: { ...base, ...counts } }];
    }
  }
}

/** A time in the past means now: a schedule never starts before its approval. */
function latest(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? new Date(a).toISOString() : new Date(b).toISOString();
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
