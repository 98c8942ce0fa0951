import {
  Audience,
  CampaignAudienceChosen,
  CampaignContent,
  CampaignCreated,
  CampaignEdited,
  CampaignScheduled,
  CampaignStarted,
  Envelope,
} from '@citizen-desk/contracts';

export type CampaignStatus =
  'none' | 'draft' | 'submitted' | 'scheduled' | 'sending' | 'paused' | 'cancelled' | 'completed';

export interface CampaignState {
  status: CampaignStatus;
  campaignId: string;
  department: string;
  title: string;
  author: string;
  /** Everyone who created or changed the campaign: none of them may approve it (four eyes). */
  editors: string[];
  content: CampaignContent | null;
  audience: Audience;
  /** What the author asked for; approval may replace it. */
  requestedSendAt: string | null;
  sendAt: string | null;
  approvedBy: string | null;
  targeted: number | null;
  createdAt: string | null;
  /** Last change to what is reviewed (text, audience, requested time); absent in states saved before it was kept. */
  changedAt?: string | null;
  /** Last submission for approval; likewise. */
  submittedAt?: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  testsSent: number;
}

export const campaignStreamId = (campaignId: string) => `campaign-${campaignId}`;

export function initialCampaignState(): CampaignState {
  return {
    status: 'none',
    campaignId: '',
    department: '',
    title: '',
    author: '',
    editors: [],
    content: null,
    audience: { categories: [], languages: [] },
    requestedSendAt: null,
    sendAt: null,
    approvedBy: null,
    targeted: null,
    createdAt: null,
    changedAt: null,
    submittedAt: null,
    startedAt: null,
    finishedAt: null,
    testsSent: 0,
  };
}

/** Folds one recorded campaign event into the state; unknown types (batches live elsewhere) change nothing. */
export function evolveCampaign(state: CampaignState, event: Pick<Envelope, 'type' | 'data'>): CampaignState {
  switch (event.type) {
    case 'CampaignCreated': {
      const d = event.data as CampaignCreated;
      return {
        ...state,
        status: 'draft',
        campaignId: d.campaignId,
        department: d.department,
        title: d.title,
        author: d.by,
        editors: [d.by],
        content: d.content,
        audience: d.audience,
        requestedSendAt: d.sendAt ?? null,
        createdAt: d.at,
        changedAt: d.at,
      };
    }
    case 'CampaignAudienceChosen': {
      const d = event.data as CampaignAudienceChosen;
      return changedBy(state, d.by, d.at, { audience: d.audience });
    }
    case 'CampaignEdited': {
      const d = event.data as CampaignEdited;
      return changedBy(state, d.by, d.at, {
        ...(d.title !== undefined ? { title: d.title } : {}),
        ...(d.content !== undefined ? { content: d.content } : {}),
        ...(d.sendAt !== undefined ? { requestedSendAt: d.sendAt } : {}),
      });
    }
    case 'CampaignTestSent':
      return { ...state, testsSent: state.testsSent + 1 };
    case 'CampaignSubmitted':
      return { ...state, status: 'submitted', submittedAt: (event.data as { at: string }).at };
    case 'CampaignApproved':
      return { ...state, approvedBy: (event.data as { by: string }).by };
    case 'CampaignScheduled':
      return { ...state, status: 'scheduled', sendAt: (event.data as CampaignScheduled).sendAt };
    case 'CampaignStarted': {
      const d = event.data as CampaignStarted;
      return { ...state, status: 'sending', targeted: d.targeted, startedAt: d.at };
    }
    case 'CampaignPaused':
      return { ...state, status: 'paused' };
    case 'CampaignResumed':
      return { ...state, status: 'sending' };
    case 'CampaignCancelled':
      return { ...state, status: 'cancelled', finishedAt: (event.data as { at: string }).at };
    case 'CampaignCompleted':
      return { ...state, status: 'completed', finishedAt: (event.data as { at: string }).at };
    default:
      return state;
  }
}

/** A change to what is reviewed; after submission it voids what was submitted and approved: back to a draft, to submit again. */
function changedBy(
  state: CampaignState,
  by: string,
  at: string,
  change: Partial<CampaignState>,
): CampaignState {
  const changed = { ...state, ...change, editors: withEditor(state.editors, by), changedAt: at };
  if (state.status === 'submitted' || state.status === 'scheduled')
    return { ...changed, status: 'draft', approvedBy: null, sendAt: null };
  return changed;
}

function withEditor(editors: string[] | undefined, by: string): string[] {
  const known = editors ?? [];
  return known.includes(by) ? known : [...known, by];
}
