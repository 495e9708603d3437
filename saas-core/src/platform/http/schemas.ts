import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Building blocks shared by every module's schemas. */
export const idParam = z.coerce.number().int().positive().max(2_147_483_647);
export const idParams = z.object({ id: idParam });
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(191)
  .pipe(z.email({ message: 'Enter a valid email address.' }));
export const password = z
  .string()
  .min(8, 'Use at least 8 characters.')
  .max(128, 'Use at most 128 characters.')
  .refine((value) => value.trim().length > 0, 'The password cannot be blank.');
export const isoDate = z.iso.datetime();
export const booleanQuery = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** A URL-safe slug from a name; callers add a suffix when it is taken. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'item';
}

/** The slug with a short random suffix, for when the plain one is taken. */
export function slugWithSuffix(slug: string): string {
  return `${slug}-${randomBytes(3).toString('hex')}`;
}

/** A PATCH body: any of the fields, at least one of them. */
export function changesOf<T extends z.ZodRawShape>(fields: T) {
  return z
    .object(fields)
    .partial()
    .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
}
