import type { z } from 'zod';
import { type FieldErrors, ValidationError } from '../errors';

/** Parses one part of the request; every problem is reported against its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, part: 'params' | 'query' | 'body'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : part === 'body' ? 'non_field_errors' : part;
    (errors[field] ??= []).push(issue.message);
  }
  const what = part === 'body' ? 'request body' : part === 'query' ? 'query parameters' : 'path';
  throw new ValidationError(`Invalid ${what}: ${Object.keys(errors).join(', ')}.`, errors);
}
