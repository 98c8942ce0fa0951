import { audienceSchema, campaignContentSchema, languageSchema } from '@citizen-desk/contracts';
import { z } from 'zod';
import { CampaignStatus } from './campaign.state';
import { instantOfWallTime } from './local-time';

const instant = z.string().datetime({ offset: true });
/** A wall-clock time in the municipality's time zone, as a date-and-time input gives it. */
const wallTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'YYYY-MM-DDTHH:mm');

/** A send time as an instant (`sendAt`, with its offset) or as the municipality's clocks read it (`sendAtLocal`). */
const sendTime = {
  sendAt: instant.optional(),
  sendAtLocal: wallTime.optional(),
};

export const createCampaignRequest = z.object({
  title: z.string().trim().min(1).max(200),
  department: z.string().min(1).max(100),
  content: campaignContentSchema,
  audience: audienceSchema.default({ categories: [], languages: [] }),
  ...sendTime,
});

/** Only what is present changes; a null send time means "as soon as it is approved". */
export const editCampaignRequest = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    content: campaignContentSchema.optional(),
    sendAt: instant.nullable().optional(),
    sendAtLocal: wallTime.optional(),
  })
  .strict()
  .refine((r) => Object.values(r).some((v) => v !== undefined), 'nothing to change');

export const chooseAudienceRequest = z.object({ audience: audienceSchema });

/** A test goes only to the staff member's own linked Viber account: whom to send it to is not asked. */
export const sendTestRequest = z.object({ language: languageSchema.default('cnr-Latn') }).strict();

export const approveRequest = z.object({ ...sendTime });
export const cancelRequest = z.object({ reason: z.string().max(1000).optional() });

const STATUSES: CampaignStatus[] = [
  'draft',
  'submitted',
  'scheduled',
  'sending',
  'paused',
  'cancelled',
  'completed',
];

/** `GET /broadcast/campaigns?status=submitted,scheduled&department=…&awaitingMyApproval=true&limit=&offset=` */
export const listCampaignsQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => list(v))
    .pipe(z.array(z.enum(STATUSES as [CampaignStatus, ...CampaignStatus[]]))),
  department: z.string().min(1).max(100).optional(),
  awaitingMyApproval: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/**
 * The send time a request asks for: `undefined` when it names none, `null` when it clears it. A wall
 * time is read in the municipality's zone; one that does not exist there (the hour skipped when the
 * clocks go forward) is refused rather than moved.
 */
export function requestedSendTime(
  req: { sendAt?: string | null; sendAtLocal?: string | null },
  timeZone: string,
): { ok: true; sendAt: string | null | undefined } | { ok: false; message: string } {
  if (req.sendAtLocal != null && req.sendAt != null)
    return { ok: false, message: 'sendAt and sendAtLocal: give one of them' };
  if (req.sendAtLocal != null) {
    const at = instantOfWallTime(req.sendAtLocal, timeZone);
    return at
      ? { ok: true, sendAt: at }
      : { ok: false, message: `sendAtLocal: ${req.sendAtLocal} is not a time in ${timeZone}` };
  }
  return {
    ok: true,
    sendAt: req.sendAt === undefined ? undefined : req.sendAt && new Date(req.sendAt).toISOString(),
  };
}

/** `?categories=health,taxes&languages=en` as an audience. */
export function audienceFromQuery(categories?: string, languages?: string) {
  return audienceSchema.safeParse({ categories: list(categories), languages: list(languages) });
}

function list(v?: string): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
