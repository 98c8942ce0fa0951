import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/** Parses a request body with a zod schema; a 400 names every field that is wrong and why. */
export function parseRequestBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `invalid request: ${problems.join('; ')}`,
    problems,
  });
}
