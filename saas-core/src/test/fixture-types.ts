import type { Tenant, TestContext } from './harness';

/** A valid call of one route, made for tenant `t`. */
export interface ValidCall {
  path: string;
  body?: object;
  query?: Record<string, string | number>;
  /** Who makes the successful call (default: the owner). */
  as?: 'owner' | 'developer';
  /** A token of its own, for calls that end the session they use. */
  token?: string;
  /** Credentials of its own instead of a bearer token (site API key routes, signed webhooks). */
  headers?: Record<string, string>;
  /** A query the route's schema refuses, for routes without paging (default: page=0). */
  invalidQuery?: Record<string, string | number>;
  /** For upload routes: the file sent as the raw request body. */
  upload?: { content: Buffer | string; contentType: string };
}

export type Fixture = (ctx: TestContext, t: Tenant) => Promise<ValidCall> | ValidCall;

/** Ids of one tenant's planner and writer objects, by the resource kind the routes' `refs` name. */
export type TenantObjects = Record<string, number>;
