import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';

/** Request bodies: zod validates (400 naming each bad field), the classes document them in OpenAPI. */
const department = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a department id: lower-case letters, digits and -');

export const sessionStatusSchema = z.enum(['waiting', 'active', 'closed']);
export const operatorMessageSchema = z
  .object({
    text: z.string().trim().min(1).max(7000).optional(),
    savedReplyId: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((b) => !!b.text !== !!b.savedReplyId, 'give either text or savedReplyId');
export const transferSchema = z
  .object({ department: department.optional(), operatorId: z.string().min(1).max(200).optional() })
  .strict()
  .refine((b) => b.department || b.operatorId, 'give a department, an operatorId or both');
export const noteSchema = z.object({ text: z.string().trim().min(1).max(4000) }).strict();
export const closeSchema = z.object({ resolution: z.string().trim().max(2000).optional() }).strict();
export const availabilitySchema = z.object({ available: z.boolean() }).strict();

export class OperatorMessageDto {
  @ApiPropertyOptional({ example: 'Dobar dan, kako vam mogu pomoći?' }) text?: string;
  @ApiPropertyOptional({
    example: 'greeting',
    description: 'Id from GET /handoff/saved-replies, sent in the session language',
  })
  savedReplyId?: string;
}
export class TransferDto {
  @ApiPropertyOptional({ example: 'communal-police' }) department?: string;
  @ApiPropertyOptional({ description: 'Staff id of the operator to hand the session to' })
  operatorId?: string;
}
export class NoteDto {
  @ApiProperty({ example: 'Citizen already called on Monday' }) text!: string;
}
export class CloseDto {
  @ApiPropertyOptional({ example: 'Explained how to pay the property tax' }) resolution?: string;
}
export class AvailabilityDto {
  @ApiProperty() available!: boolean;
}
export class SessionDto {
  @ApiProperty() id!: string;
  @ApiProperty({
    description: 'The citizen’s id on the platform: a pseudonym (citizen:<random>), never their Viber id',
  })
  citizenId!: string;
  @ApiPropertyOptional() citizenName?: string;
  @ApiProperty() department!: string;
  @ApiProperty({ enum: ['waiting', 'active', 'closed'] }) status!: string;
  @ApiPropertyOptional() operatorId?: string;
  @ApiPropertyOptional() operatorName?: string;
  @ApiProperty() language!: string;
  @ApiProperty() queuedAt!: string;
  @ApiPropertyOptional() assignedAt?: string;
  @ApiPropertyOptional() endedAt?: string;
  @ApiPropertyOptional() rating?: number;
  @ApiPropertyOptional() preview?: string;
}
