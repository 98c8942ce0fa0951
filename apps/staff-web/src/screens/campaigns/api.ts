import { broadcast, ok } from '../../api/clients';

/**
 * The broadcast API's answers as the campaigns screens read them. The service documents them in prose
 * (its OpenAPI has no response schemas yet), so their shapes are written down here, once.
 */
export type NoticeLang = 'cnr-Latn' | 'cnr-Cyrl' | 'en';
export const NOTICE_LANGS: NoticeLang[] = ['cnr-Latn', 'cnr-Cyrl', 'en'];
export const CATEGORIES = ['health', 'taxes', 'utilities', 'culture'];
export const STATUSES = ['draft', 'submitted', 'scheduled', 'sending', 'paused', 'cancelled', 'completed'];

export interface CampaignContent {
  texts: Partial<Record<NoticeLang, string>>;
  pictureUrl?: string;
  link?: { url: string; label: Partial<Record<NoticeLang, string>> };
}
export interface Audience {
  categories: string[];
  languages: NoticeLang[];
}
export interface CampaignSummary {
  id: string;
  title: string;
  department: string;
  status: string;
  author: string;
  editors: string[];
  approvedBy: string | null;
  audience: Audience;
  sendAt: string | null;
  requestedSendAt: string | null;
  createdAt: string | null;
  changedAt: string | null;
  submittedAt: string | null;
  updatedAt?: string;
}
export interface CampaignStats {
  targeted: number;
  sent: number;
  delivered: number;
  seen: number;
  unsubscribedSince: number;
  failed: { total: number; byReason: Record<string, number> };
}
export interface Campaign extends CampaignSummary {
  content: CampaignContent;
  testsSent: number;
  startedAt: string | null;
  finishedAt: string | null;
  audienceSize?: { total: number };
  stats?: CampaignStats;
}
export interface CampaignPage {
  total: number;
  limit: number;
  offset: number;
  items: CampaignSummary[];
}
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
  words?: Array<{ op: 'same' | 'added' | 'removed'; text: string }>;
}
export interface CampaignHistory {
  history: Array<{ version: number; type: string; by: string | null; at: string; fields?: string[] }>;
  sinceReview: {
    since: { kind: 'submitted' | 'approved'; by: string; at: string } | null;
    changes: FieldChange[];
  };
}

/** What the compose form sends: a new campaign, or the changed parts of one. */
export interface CampaignDraft {
  title: string;
  department: string;
  content: CampaignContent;
  audience: Audience;
  /** `YYYY-MM-DDTHH:mm` in Budva, or '' for "as soon as approved". */
  sendAtLocal: string;
}

const path = (id: string) => ({ params: { path: { id } } });

export const campaignsApi = {
  list: (query: { status?: string; awaitingMyApproval?: 'true'; limit: number; offset: number }) =>
    ok<CampaignPage>(
      broadcast.GET('/broadcast/campaigns', {
        params: { query: { ...query, limit: String(query.limit), offset: String(query.offset) } },
      }) as never,
    ),
  get: (id: string) => ok<Campaign>(broadcast.GET('/broadcast/campaigns/{id}', path(id)) as never),
  history: (id: string) =>
    ok<CampaignHistory>(broadcast.GET('/broadcast/campaigns/{id}/history', path(id)) as never),
  audienceSize: (audience: Audience) => {
    const query: Record<string, string> = {};
    if (audience.categories.length) query.categories = audience.categories.join(',');
    if (audience.languages.length) query.languages = audience.languages.join(',');
    return ok<{ total: number }>(broadcast.GET('/broadcast/audience', { params: { query } }) as never);
  },
  create: (d: CampaignDraft) =>
    ok<Campaign>(
      broadcast.POST('/broadcast/campaigns', {
        body: {
          title: d.title,
          department: d.department,
          content: d.content,
          audience: d.audience,
          ...(d.sendAtLocal ? { sendAtLocal: d.sendAtLocal } : {}),
        } as never,
      }) as never,
    ),
  /** The text and time through PATCH, the audience through its own route: each only when it changed. */
  async update(before: Campaign, d: CampaignDraft, beforeLocal: string): Promise<Campaign> {
    let latest = before;
    const change: Record<string, unknown> = {};
    if (d.title !== before.title) change.title = d.title;
    if (JSON.stringify(d.content) !== JSON.stringify(before.content)) change.content = d.content;
    if (d.sendAtLocal !== beforeLocal)
      Object.assign(change, d.sendAtLocal ? { sendAtLocal: d.sendAtLocal } : { sendAt: null });
    if (Object.keys(change).length)
      latest = await ok<Campaign>(
        broadcast.PATCH('/broadcast/campaigns/{id}', { ...path(before.id), body: change as never }) as never,
      );
    if (JSON.stringify(sorted(d.audience)) !== JSON.stringify(sorted(before.audience)))
      latest = await ok<Campaign>(
        broadcast.POST('/broadcast/campaigns/{id}/audience', {
          ...path(before.id),
          body: { audience: d.audience } as never,
        }) as never,
      );
    return latest;
  },
  test: (id: string, language: NoticeLang) =>
    ok<Campaign>(
      broadcast.POST('/broadcast/campaigns/{id}/test', { ...path(id), body: { language } as never }) as never,
    ),
  submit: (id: string) => ok<Campaign>(broadcast.POST('/broadcast/campaigns/{id}/submit', path(id)) as never),
  approve: (id: string, sendAtLocal: string) =>
    ok<Campaign>(
      broadcast.POST('/broadcast/campaigns/{id}/approve', {
        ...path(id),
        body: (sendAtLocal ? { sendAtLocal } : {}) as never,
      }) as never,
    ),
  pause: (id: string) => ok<Campaign>(broadcast.POST('/broadcast/campaigns/{id}/pause', path(id)) as never),
  resume: (id: string) => ok<Campaign>(broadcast.POST('/broadcast/campaigns/{id}/resume', path(id)) as never),
  cancel: (id: string, reason: string) =>
    ok<Campaign>(
      broadcast.POST('/broadcast/campaigns/{id}/cancel', {
        ...path(id),
        body: (reason ? { reason } : {}) as never,
      }) as never,
    ),
  viberLink: () =>
    ok<{ linked: boolean; linkedAt: string | null }>(broadcast.GET('/broadcast/me/viber-link') as never),
  linkViber: () =>
    ok<{ code: string; expiresAt: string }>(broadcast.POST('/broadcast/me/viber-link') as never),
};

function sorted(a: Audience): Audience {
  return { categories: [...a.categories].sort(), languages: [...a.languages].sort() };
}
