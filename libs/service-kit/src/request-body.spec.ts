import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { parseRequestBody } from './request-body';

const schema = z.object({ email: z.string().email(), age: z.number().int().optional() }).strict();

describe('parseRequestBody', () => {
  it('returns the parsed body', () => {
    expect(parseRequestBody(schema, { email: 'a@b.me' })).toEqual({ email: 'a@b.me' });
  });

  it('answers 400 naming each wrong field', () => {
    try {
      parseRequestBody(schema, { email: 'nope', age: 1.5 });
      throw new Error('expected a BadRequestException');
    } catch (e) {
      expect(e).toBeInstanceOf(BadRequestException);
      const body = (e as BadRequestException).getResponse() as { message: string; problems: string[] };
      expect(body.problems).toEqual(['email: Invalid email', 'age: Expected integer, received float']);
      expect(body.message).toMatch(/^invalid request: email: Invalid email; age:/);
    }
  });

  it('treats a missing body as an empty object', () => {
    expect(() => parseRequestBody(schema, undefined)).toThrow(/email: Required/);
  });
});
