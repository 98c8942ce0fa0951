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

/** Staff tokens carry no Viber id: the staff member says which is theirs. */
export const sendTestRequest = z.object({
  viberId: z.string().min(1).max(200),
  language: languageSchema.default('cnr-Latn'),
});

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
