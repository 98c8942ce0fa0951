import { MAX_PASSWORD_LENGTH, STAFF_ROLES, staffRoleSchema } from '@citizen-desk/auth';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { MAX_STAFF_NAME_IDS } from './staff-names';

/** Request bodies: zod schemas validate (400 on anything else), the classes document them in OpenAPI. */
const email = z.string().trim().toLowerCase().email().max(254);
const name = z.string().trim().min(1).max(120);
const roles = z
  .array(staffRoleSchema)
  .min(1)
  .max(STAFF_ROLES.length * 2);
const departments = z
  .array(
    z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a department id: lower-case letters, digits and -'),
  )
  .max(50);
// The policy is checked separately (passwordProblems) so its answer can say what to change.
const password = z.string().min(1).max(MAX_PASSWORD_LENGTH);

export const loginRequestSchema = z
  .object({ email: z.string().trim().toLowerCase().max(254), password })
  .strict();
export const createStaffRequestSchema = z
  .object({ email, name, password, roles, departments: departments.default([]) })
  .strict();
export const updateStaffRequestSchema = z
  .object({
    name: name.optional(),
    roles: roles.optional(),
    departments: departments.optional(),
    active: z.boolean().optional(),
  })
  .strict();
/** `?ids=a,b,c`: the accounts whose names a screen needs (a page of campaigns, its history). */
export const staffNamesQuerySchema = z
  .object({
    ids: z
      .string()
      .max(MAX_STAFF_NAME_IDS * 80)
      .transform((s) => [
        ...new Set(
          s
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        ),
      ])
      .refine((ids) => ids.length <= MAX_STAFF_NAME_IDS, `${MAX_STAFF_NAME_IDS} ids at most`)
      .refine((ids) => ids.every((id) => id.length <= 64), 'an id has 64 characters at most'),
  })
  .strict();
export const changePasswordRequestSchema = z
  .object({ password, currentPassword: password.optional() })
  .strict();

export class LoginRequestDto {
  @ApiProperty({ example: 'admin@budva.local' }) email!: string;
  @ApiProperty({ format: 'password' }) password!: string;
}

export class StaffDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles!: string[];
  @ApiProperty({ type: [String], example: ['tax'] }) departments!: string[];
}

export class StaffAccountDto extends StaffDto {
  @ApiProperty() active!: boolean;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Set while the account is locked after repeated wrong passwords',
  })
  lockedUntil!: string | null;
  @ApiProperty({
    description: 'Someone else chose the password (new account, admin reset): the holder must change it',
  })
  mustChangePassword!: boolean;
  @ApiProperty() updatedAt!: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer token accepted by every service (Authorization: Bearer <token>)' })
  token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: StaffDto }) staff!: StaffDto;
  @ApiProperty({
    description:
      'Someone else chose this password (a new account, an admin reset): until the holder sets their own with POST /staff/{id}/password, every other staff route answers 403',
  })
  mustChangePassword!: boolean;
}

export class CreateStaffRequestDto {
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'password', description: 'At least 10 characters, mixing two kinds of characters' })
  password!: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles!: string[];
  @ApiPropertyOptional({ type: [String] }) departments?: string[];
}

export class UpdateStaffRequestDto {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ enum: STAFF_ROLES, isArray: true }) roles?: string[];
  @ApiPropertyOptional({ type: [String] }) departments?: string[];
  @ApiPropertyOptional() active?: boolean;
}

export class ChangePasswordRequestDto {
  @ApiProperty({ format: 'password' }) password!: string;
  @ApiPropertyOptional({
    format: 'password',
    description: 'Required when changing your own password without the admin role',
  })
  currentPassword?: string;
}

export class StaffNameDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the name, or "[erased]" once the account was erased' }) name!: string;
}
