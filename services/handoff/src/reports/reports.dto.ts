import {
  MAX_REPORT_DESCRIPTION,
  REPORT_STATUSES,
  reportReferenceSchema,
  reportStatusSchema,
} from '@citizen-desk/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { reportCategorySchema } from './report-categories';

/** Request schemas (zod validates, 400 names the field) and the classes that document them in OpenAPI. */
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).max(50),
  );

export const listReportsQuerySchema = z
  .object({
    status: list(reportStatusSchema).optional(),
    category: list(z.string().min(1)).optional(),
    department: list(z.string().min(1)).optional(),
    from: z.string().datetime({ offset: true }).optional(),
    to: z.string().datetime({ offset: true }).optional(),
    bbox: z
      .string()
      .transform((v) => v.split(',').map(Number))
      .refine(
        (b) =>
          b.length === 4 &&
          b.every(Number.isFinite) &&
          b[0] <= b[2] &&
          b[1] <= b[3] &&
          Math.abs(b[1]) <= 90 &&
          Math.abs(b[3]) <= 90 &&
          Math.abs(b[0]) <= 180 &&
          Math.abs(b[2]) <= 180,
        'bbox is minLon,minLat,maxLon,maxLat',
      )
      .transform((b) => b as [number, number, number, number])
      .optional(),
    /** awaiting: the citizen agreed, staff have not approved yet; published; private: not public. */
    publication: z.enum(['awaiting', 'published', 'private']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

const note = z.string().trim().max(2000);

export const changeStatusRequestSchema = z
  .object({ status: z.enum(['in-progress', 'resolved', 'not-our-responsibility']), note: note.default('') })
  .strict();
export const markDuplicateRequestSchema = z
  .object({ duplicateOf: reportReferenceSchema, note: note.default('') })
  .strict();
export const reassignRequestSchema = z
  .object({ category: z.string().min(1), reason: note.optional() })
  .strict();
export const saveCategoryRequestSchema = reportCategorySchema.strict();
export const publicationRequestSchema = z.object({ published: z.boolean() }).strict();

export class PublicationRequestDto {
  @ApiProperty({ description: 'true: show on Open311 (the citizen must have agreed); false: withdraw' })
  published!: boolean;
}

export class ChangeStatusRequestDto {
  @ApiProperty({ enum: ['in-progress', 'resolved', 'not-our-responsibility'] }) status!: string;
  @ApiPropertyOptional({
    description:
      'For the citizen; required for resolved (what was done) and not-our-responsibility (where to turn)',
    maxLength: 2000,
  })
  note?: string;
}
export class MarkDuplicateRequestDto {
  @ApiProperty({ example: 'BD-7K3M-Q9XD' }) duplicateOf!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) note?: string;
}
export class ReassignRequestDto {
  @ApiProperty({ description: 'Category code; the report moves to its department' }) category!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) reason?: string;
}
export class ReportHistoryEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['filed', 'status', 'reassigned', 'publication'] }) kind!: string;
  @ApiPropertyOptional({ description: 'The staff member who made the change' }) by?: string;
  @ApiPropertyOptional({
    description: 'filed: the channel; status: the new status; reassigned: the new department',
  })
  to?: string;
  @ApiPropertyOptional({ description: 'status: the status before; reassigned: the department before' })
  from?: string;
  @ApiPropertyOptional({ description: 'status: what the citizen was told; reassigned: the reason' })
  note?: string;
  @ApiPropertyOptional({ description: 'publication: approved (true) or withdrawn (false)' })
  published?: boolean;
  @ApiPropertyOptional({ description: 'status duplicate: the report it repeats' }) duplicateOf?: string;
}

export class ReportDto {
  @ApiProperty({ example: 'BD-7K3M-Q9XD' }) reference!: string;
  @ApiProperty() category!: string;
  @ApiProperty() department!: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: string;
  @ApiProperty({ maxLength: MAX_REPORT_DESCRIPTION }) description!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) lat!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) lon!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) address!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The kept photo (`/reports/{reference}/photo`), or the link an Open311 client gave',
  })
  photoUrl!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: ['not-an-image', 'too-large', 'unreachable'],
    description: 'The citizen sent a photo that was not kept (they were told why)',
  })
  photoRejected!: string | null;
  @ApiProperty({ description: 'The citizen agreed to publication without their name' })
  publishConsent!: boolean;
  @ApiProperty({ description: 'The citizen agreed to show the exact place when published' })
  exactLocationConsent!: boolean;
  @ApiProperty({ description: 'Staff approved publication (public on Open311 with the citizen’s consent)' })
  published!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'A map link to the point' }) mapUrl!:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) citizenId!: string | null;
  @ApiProperty() language!: string;
  @ApiProperty({ enum: ['viber', 'open311', 'staff'] }) channel!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) duplicateOf!: string | null;
  @ApiProperty() filedAt!: string;
  @ApiProperty() updatedAt!: string;
}
