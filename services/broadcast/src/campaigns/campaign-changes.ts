import { Envelope } from '@citizen-desk/contracts';
import { CampaignState, evolveCampaign, initialCampaignState } from './campaign.state';

/**
 * What a supervisor reviews, and what changed in it. A campaign is approved as a whole (title, text
 * in each language, picture and link, audience, requested time); a change after submission sends it
 * back to a draft, so the next approver must see exactly what differs from what was last submitted or
 * approved, not re-read the whole notice hoping to spot it.
 */

/** The reviewed fields, flat: `content.texts.en` → its text. Absent fields are absent, not empty. */
export type ReviewedFields = Record<string, string>;

export function reviewedFieldsOf(state: CampaignState): ReviewedFields {
  const fields: ReviewedFields = {};
  const put = (path: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      // An audience's categories are a set: their order is no change.
      if (value.length) fields[path] = [...value].map(String).sort().join(', ');
    } else if (typeof value === 'object') {
      // The keyboard is reviewed as a whole.
      if (path === 'content.keyboard') fields[path] = JSON.stringify(value);
      else for (const [k, v] of Object.entries(value)) put(`${path}.${k}`, v);
    } else fields[path] = String(value);
  };
  put('title', state.title || undefined);
  put('content', state.content);
  put('audience', state.audience);
  put('sendAt', state.requestedSendAt);
  return fields;
}

export type WordOp = { op: 'same' | 'added' | 'removed'; text: string };

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
  /** For text: which words went and came, in order, so a long notice shows only what moved. */
  words?: WordOp[];
}

/** Fields whose value is prose, shown word by word. */
const isProse = (field: string) =>
  field === 'title' || field.startsWith('content.texts.') || field.startsWith('content.link.label.');

/** Every field that differs between two versions, in a stable order (the order fields are read in). */
export function changedFields(before: ReviewedFields, after: ReviewedFields): FieldChange[] {
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return fields
    .filter((f) => before[f] !== after[f])
    .map((field) => {
      const b = before[field] ?? null;
      const a = after[field] ?? null;
      return isProse(field) && b !== null && a !== null
        ? { field, before: b, after: a, words: wordDiff(b, a) }
        : { field, before: b, after: a };
    });
}

/** Above this many word pairs a text is shown as replaced whole (the table would be too large). */
const MAX_DIFF_CELLS = 4_000_000;

/**
 * A word-level diff (longest common subsequence), whitespace kept with the words so the pieces
 * joined give back each text exactly. Neighbouring pieces of one kind are merged.
 */
export function wordDiff(before: string, after: string): WordOp[] {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_DIFF_CELLS)
    return merge([
      { op: 'removed', text: before },
      { op: 'added', text: after },
    ]);
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: WordOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: 'same', text: a[i] });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // What went is shown before what came in its place, as people read a correction.
      ops.push({ op: 'removed', text: a[i++] });
    } else {
      ops.push({ op: 'added', text: b[j++] });
    }
  }
  return merge(ops);
}

function tokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function merge(ops: WordOp[]): WordOp[] {
  const out: WordOp[] = [];
  for (const o of ops) {
    if (!o.text) continue;
    const last = out[out.length - 1];
    if (last && last.op === o.op) last.text += o.text;
    else out.push({ ...o });
  }
  return out;
}

type RecordedEvent = Pick<Envelope, 'type' | 'data'> & { streamVersion: number };

export interface HistoryEntry {
  version: number;
  type: string;
  by: string | null;
  at: string;
  /** For a change: the fields it changed. */
  fields?: string[];
}

export interface ReviewPoint {
  kind: 'submitted' | 'approved';
  by: string;
  at: string;
}

export interface CampaignHistory {
  history: HistoryEntry[];
  /**
   * The version now against the one last submitted or approved before its latest change: what the
   * next approver has not seen. `since` null: nobody has reviewed an earlier version, all of it is new.
   */
  sinceReview: { since: ReviewPoint | null; changes: FieldChange[] };
}

const CHANGES = new Set(['CampaignCreated', 'CampaignEdited', 'CampaignAudienceChosen']);

/** The campaign's history and what changed since its last review, from its recorded events. */
export function campaignHistory(events: RecordedEvent[]): CampaignHistory {
  let state = initialCampaignState();
  let lastReview: (ReviewPoint & { fields: ReviewedFields }) | null = null;
  let baseline: (ReviewPoint & { fields: ReviewedFields }) | null = null;
  const history: HistoryEntry[] = [];
  for (const event of events) {
    const before = reviewedFieldsOf(state);
    state = evolveCampaign(state, event);
    const after = reviewedFieldsOf(state);
    const data = event.data as { by?: string; at: string };
    const entry: HistoryEntry = {
      version: event.streamVersion,
      type: event.type,
      by: data.by ?? null,
      at: data.at,
    };
    if (CHANGES.has(event.type)) {
      entry.fields = changedFields(before, after).map((c) => c.field);
      baseline = lastReview;
    }
    if (event.type === 'CampaignSubmitted' || event.type === 'CampaignApproved')
      lastReview = {
        kind: event.type === 'CampaignSubmitted' ? 'submitted' : 'approved',
        by: data.by ?? '',
        at: data.at,
        fields: after,
      };
    history.push(entry);
  }
  const current = reviewedFieldsOf(state);
  return {
    history,
    sinceReview: {
      since: baseline && { kind: baseline.kind, by: baseline.by, at: baseline.at },
      changes: changedFields(baseline?.fields ?? {}, current),
    },
  };
}
