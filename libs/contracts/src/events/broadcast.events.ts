import { z } from 'zod';
import { languageSchema } from '../languages';
import { citizenIdSchema, keyboardSchema } from '../messages';

/**
 * Campaigns (notices to every subscriber or an audience) and the citizen's choice of notice categories.
 * Every campaign event carries the campaign id and its department, so that analytics can build the
 * per-campaign funnel from events alone: targeted (CampaignStarted, CampaignBatchPlanned), sent and
 * failed by reason (the gateway's BroadcastBatchSent, whose batchId/campaignId/channelMessageId also
 * map Viber's delivered/seen receipts back to the campaign), unsubscribes after it (CitizenUnsubscribed).
 */

/** Text per language; Montenegrin (Latin) is required, it is what everyone without a language gets. */
export const noticeTextsSchema = z.object({
  'cnr-Latn': z.string().min(1).max(7000),
  'cnr-Cyrl': z.string().min(1).max(7000).optional(),
  en: z.string().min(1).max(7000).optional(),
});
export type NoticeTexts = z.infer<typeof noticeTextsSchema>;

export const campaignContentSchema = z.object({
  texts: noticeTextsSchema,
  /** Sent as a picture with the text as its caption (Viber: 768 characters at most). */
  pictureUrl: z.string().url().max(2000).optional(),
  /** A button opening a page, labelled per language. */
  link: z.object({ url: z.string().url().max(2000), label: noticeTextsSchema }).optional(),
  keyboard: keyboardSchema.optional(),
});
export type CampaignContent = z.infer<typeof campaignContentSchema>;

/** Empty filters mean everyone: no categories = all subscribers, no languages = every language. */
export const audienceSchema = z.object({
  categories: z.array(z.string().min(1).max(100)).max(50).default([]),
  languages: z.array(languageSchema).max(3).default([]),
});
export type Audience = z.infer<typeof audienceSchema>;

const at = z.string().datetime({ offset: true });
const base = { campaignId: z.string().min(1), department: z.string().min(1), at };
const byStaff = { ...base, by: z.string().min(1) };

export const campaignCreatedV1 = z.object({
  ...byStaff,
  title: z.string().min(1).max(200),
  content: campaignContentSchema,
  audience: audienceSchema,
  /** When the author wants it to go; approval may change it. Absent: as soon as it is approved. */
  sendAt: at.optional(),
});
export const campaignAudienceChosenV1 = z.object({ ...byStaff, audience: audienceSchema });
/**
 * The title, the message or the time the author asks for changed (only what is present). After
 * submission it sends the campaign back to a draft, like a new audience does.
 */
export const campaignEditedV1 = z.object({
  ...byStaff,
  title: z.string().min(1).max(200).optional(),
  content: campaignContentSchema.optional(),
  /** null: no particular time any more, as soon as it is approved. */
  sendAt: at.nullable().optional(),
});
export const campaignTestSentV1 = z.object({
  ...byStaff,
  citizenId: citizenIdSchema,
  language: languageSchema,
  messageId: z.string().uuid(),
});
export const campaignSubmittedV1 = z.object({ ...byStaff });
export const campaignApprovedV1 = z.object({ ...byStaff });
export const campaignScheduledV1 = z.object({ ...byStaff, sendAt: at });
/** Fan-out began; `targeted` is the audience's size at that moment. */
export const campaignStartedV1 = z.object({ ...base, targeted: z.number().int().min(0) });
export const campaignPausedV1 = z.object({ ...byStaff });
export const campaignResumedV1 = z.object({ ...byStaff });
export const campaignCancelledV1 = z.object({ ...byStaff, reason: z.string().max(1000).optional() });
/** Every batch was planned and the gateway reported on each. */
export const campaignCompletedV1 = z.object({
  ...base,
  recipients: z.number().int().min(0),
  batches: z.number().int().min(0),
  sent: z.number().int().min(0),
  failed: z.number().int().min(0),
});
/** One `BroadcastToCitizens` command (≤300 receivers of one language) was issued; its outcome is the gateway's BroadcastBatchSent. */
export const campaignBatchPlannedV1 = z.object({
  ...base,
  batchId: z.string().min(1),
  sequence: z.number().int().min(1),
  language: languageSchema,
  recipients: z.number().int().min(1).max(300),
});

/** The citizen chose (from the bot's menu) which kinds of notices they want; empty = only notices to everyone. */
export const noticeCategoriesChosenV1 = z.object({
  citizenId: citizenIdSchema,
  categories: z.array(z.string().min(1).max(100)).max(50),
  at,
});

export type CampaignCreated = z.infer<typeof campaignCreatedV1>;
export type CampaignAudienceChosen = z.infer<typeof campaignAudienceChosenV1>;
export type CampaignEdited = z.infer<typeof campaignEditedV1>;
export type CampaignTestSent = z.infer<typeof campaignTestSentV1>;
export type CampaignSubmitted = z.infer<typeof campaignSubmittedV1>;
export type CampaignApproved = z.infer<typeof campaignApprovedV1>;
export type CampaignScheduled = z.infer<typeof campaignScheduledV1>;
export type CampaignStarted = z.infer<typeof campaignStartedV1>;
export type CampaignPaused = z.infer<typeof campaignPausedV1>;
export type CampaignResumed = z.infer<typeof campaignResumedV1>;
export type CampaignCancelled = z.infer<typeof campaignCancelledV1>;
export type CampaignCompleted = z.infer<typeof campaignCompletedV1>;
export type CampaignBatchPlanned = z.infer<typeof campaignBatchPlannedV1>;
export type NoticeCategoriesChosen = z.infer<typeof noticeCategoriesChosenV1>;
