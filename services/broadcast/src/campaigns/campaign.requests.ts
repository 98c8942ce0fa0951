import { audienceSchema, campaignContentSchema, languageSchema } from '@citizen-desk/contracts';
import { z } from 'zod';

export const createCampaignRequest = z.object({
  title: z.string().trim().min(1).max(200),
  department: z.string().min(1).max(100),
  content: campaignContentSchema,
  audience: audienceSchema.default({ categories: [], languages: [] }),
  sendAt: z.string().datetime({ offset: true }).optional(),
});

export const chooseAudienceRequest = z.object({ audience: audienceSchema });

/** A test goes only to the staff member's own linked Viber account: whom to send it to is not asked. */
export const sendTestRequest = z.object({ language: languageSchema.default('cnr-Latn') }).strict();

export const approveRequest = z.object({ sendAt: z.string().datetime({ offset: true }).optional() });
export const cancelRequest = z.object({ reason: z.string().max(1000).optional() });

/** `?categories=health,taxes&languages=en` as an audience. */
export function audienceFromQuery(categories?: string, languages?: string) {
  const list = (v?: string) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return audienceSchema.safeParse({ categories: list(categories), languages: list(languages) });
}
