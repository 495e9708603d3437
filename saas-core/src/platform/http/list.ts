import type { Knex } from 'knex';
import type { QueryBuilder, Model } from 'objection';
import { z } from 'zod';
import { whereContains } from '../db';

export const MAX_PAGE_SIZE = 200;

/** `page` and `page_size` (default 25, capped at 200), shared by every list route. */
export const paginationQuery = {
  page: z.coerce.number().int().min(1).default(1).describe('1-based page number'),
  page_size: z.coerce
    .number()
    .int()
    .min(1)
    .default(25)
    .transform((size) => Math.min(size, MAX_PAGE_SIZE))
    .describe(`Items per page (max ${MAX_PAGE_SIZE})`),
};

export const searchQuery = { search: z.string().trim().max(200).optional().describe('Case-insensitive text search') };

/**
 * `ordering=-created_at,name`: only the listed API fields are accepted, and each maps to a column,
 * so no query string ever reaches SQL as an identifier.
 */
export function orderingQuery<F extends string>(fields: Record<F, string>, fallback: string) {
  const allowed = Object.keys(fields) as F[];
  return z
    .string()
    .default(fallback)
    .describe(`Comma-separated; prefix with - for descending. One of: ${allowed.join(', ')}`)
    .transform((value, ctx) => {
      const order: { column: string; direction: 'asc' | 'desc' }[] = [];
      for (const raw of value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        const name = raw.replace(/^-/, '') as F;
        if (!allowed.includes(name)) {
          ctx.addIssue({ code: 'custom', message: `Cannot order by "${name}". Use one of: ${allowed.join(', ')}.` });
          return z.NEVER;
        }
        order.push({ column: fields[name], direction: raw.startsWith('-') ? 'desc' : 'asc' });
      }
      return order;
    });
}

export type Ordering = { column: string; direction: 'asc' | 'desc' }[];

export interface ListOptions {
  page: number;
  page_size: number;
  search?: string | undefined;
  ordering: Ordering;
}

/** Applies search, ordering (with id as the tie-breaker, so pages never overlap) and paging. */
export async function listPage<M extends Model>(
  builder: QueryBuilder<M, M[]>,
  options: ListOptions,
  searchColumns: string[] = [],
  /** Ordering fields that are computed select aliases, not columns of the table. */
  computed: string[] = [],
): Promise<{ results: M[]; count: number }> {
  const table = builder.tableRefFor(builder.modelClass());
  if (options.search && searchColumns.length > 0) {
    whereContains(
      builder as unknown as Knex.QueryBuilder,
      searchColumns.map((column) => `${table}.${column}`),
      options.search,
    );
  }
  for (const { column, direction } of options.ordering) builder.orderBy(computed.includes(column) ? column : `${table}.${column}`, direction);
  builder.orderBy(`${table}.id`, 'asc');
  const page = await builder.page(options.page - 1, options.page_size);
  return { results: page.results, count: page.total };
}
