import type { ParameterizedContext } from 'koa';
import type { z } from 'zod';
import type { Logger } from '../logger';
import type { Actor, TenantScope } from '../tenancy/actor';
import type { Policy } from './policy';
import type { AppState, Services } from './types';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * `user`: a signed-in user (JWT). `user_or_api_key`: also a WordPress site's API key.
 * `none`: public; such a route must say `policy: 'public'`.
 */
export type AuthMode = 'user' | 'user_or_api_key' | 'none';

/** A kind of tenant object a route refers to; the cross-tenant test builds one per kind in another account. */
export type ResourceKind = 'account' | 'user' | 'site' | 'sector' | 'site_access' | 'api_key' | (string & {});
export type RefLocation = `params.${string}` | `query.${string}` | `body.${string}`;

export type ResponseSpec =
  | { kind: 'data'; status: 200 | 201 | 202; schema: z.ZodType; message?: string }
  | { kind: 'page'; status: 200; item: z.ZodType }
  | { kind: 'empty'; status: 200; message: string }
  /** The handler writes a file or stream to `ctx` itself (CSV exports, images). */
  | { kind: 'file'; status: 200; contentTypes: string[] };

/** A request body that is a file, streamed by the handler from `ctx.req` rather than parsed. */
export interface UploadSpec {
  contentTypes: string[];
  description: string;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;
type ActorFor<A extends AuthMode> = A extends 'none' ? null : Actor;
type ScopeFor<A extends AuthMode> = A extends 'none' ? null : TenantScope;

export interface HandlerArgs<P, Q, B, A extends AuthMode> {
  params: P;
  query: Q;
  body: B;
  actor: ActorFor<A>;
  scope: ScopeFor<A>;
  services: Services;
  log: Logger;
  ctx: ParameterizedContext<AppState>;
}

export interface PageResult<T> {
  results: T[];
  count: number;
}

type HandlerResult<R extends ResponseSpec> = R extends { kind: 'page'; item: infer I extends z.ZodType }
  ? PageResult<z.input<I>>
  : R extends { kind: 'data'; schema: infer S extends z.ZodType }
    ? z.input<S>
    : void;

export interface RouteDefinition<
  PS extends z.ZodType | undefined,
  QS extends z.ZodType | undefined,
  BS extends z.ZodType | undefined,
  A extends AuthMode,
  R extends ResponseSpec,
> {
  method: HttpMethod;
  /** Under /api/v1, OpenAPI style: `/auth/sites/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: A;
  policy: A extends 'none' ? 'public' : Policy;
  /** Throttle scope; defaults to `user` for authenticated routes and `anon` for public ones. */
  throttle?: string;
  params?: PS;
  query?: QS;
  body?: BS;
  upload?: UploadSpec;
  /** Which inputs name tenant objects, and of what kind. */
  refs?: Partial<Record<RefLocation, ResourceKind>>;
  response: R;
  handler(args: HandlerArgs<Parsed<PS>, Parsed<QS>, Parsed<BS>, A>): Promise<HandlerResult<R>>;
}

/** The type-erased form the registry, the router and the OpenAPI generator work with. */
export interface Route {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: AuthMode;
  policy: Policy | 'public';
  throttle?: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  upload?: UploadSpec;
  refs?: Partial<Record<RefLocation, ResourceKind>>;
  response: ResponseSpec;
  handler(args: HandlerArgs<unknown, unknown, unknown, AuthMode>): Promise<unknown>;
}

/**
 * Declares a route. It refuses one without a policy (or an explicit public one) so authorisation
 * cannot be forgotten.
 */
export function defineRoute<
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
  A extends AuthMode = AuthMode,
  R extends ResponseSpec = ResponseSpec,
>(definition: RouteDefinition<PS, QS, BS, A, R>): Route {
  const label = `${definition.method.toUpperCase()} ${definition.path}`;
  if (!definition.policy) throw new Error(`${label} has no policy.`);
  if (definition.policy === 'public' && definition.auth !== 'none') throw new Error(`${label}: a public policy needs auth 'none'.`);
  if (definition.policy !== 'public' && definition.auth === 'none') throw new Error(`${label}: an unauthenticated route must be explicitly public.`);
  if (definition.method === 'get' && (definition.body || definition.upload)) throw new Error(`${label}: GET takes no body.`);
  if (definition.body && definition.upload) throw new Error(`${label}: a route takes a JSON body or an upload, not both.`);
  return definition as unknown as Route;
}

export function koaPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
