import apiFetch, { type APIFetchMiddleware } from '@wordpress/api-fetch';
import { addQueryArgs } from '@wordpress/url';
import { Igny8Error, toIgny8Error } from './errors';
import type { Page } from './types';

/** The bridge's proxy: `/igny8/v1/core/<path>` reaches the core's `/api/v1/<path>` with the site's key. */
export const CORE_NAMESPACE = '/igny8/v1/';
export const CORE_PROXY = `${CORE_NAMESPACE}core/`;

type Query = Record<string, string | number | boolean | undefined | null | Array<string | number>>;

/** The proxy path of a core path, its query encoded by addQueryArgs (empty values dropped). */
export function corePath(path: string, query: Query = {}): string {
  const clean: Record<string, string | number | boolean | Array<string | number>> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      clean[key] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return addQueryArgs(CORE_PROXY + path.replace(/^\/+/, '').replace(/\/?$/, '/'), clean);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The one middleware for our namespace: every failure (the core's envelope, WordPress's own refusals, no
 * network, an unreadable body) becomes an Igny8Error with a stable code and its HTTP status.
 */
export const igny8Middleware: APIFetchMiddleware = async (options, next) => {
  const target = options.path ?? options.url ?? '';
  if (!target.includes(CORE_NAMESPACE)) {
    return next(options);
  }
  let response: Response;
  try {
    response = (await next({ ...options, parse: false })) as Response;
  } catch (thrown: unknown) {
    if (typeof Response !== 'undefined' && thrown instanceof Response) {
      response = thrown;
    } else if (thrown instanceof Error && thrown.name === 'AbortError') {
      throw thrown;
    } else {
      throw toIgny8Error(thrown, 0);
    }
  }
  if (!response.ok) {
    throw toIgny8Error(await readBody(response), response.status);
  }
  if (options.parse === false) {
    return response;
  }
  const body = await readBody(response);
  if (body === undefined) {
    throw toIgny8Error(undefined, response.status);
  }
  return body;
};

let installed = false;

/** Registers the middleware once per page (both entry points call it). */
export function installMiddleware(): void {
  if (!installed) {
    apiFetch.use(igny8Middleware);
    installed = true;
  }
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  data?: unknown;
  signal?: AbortSignal;
}

/** A call to the core through the proxy; answers the parsed envelope. */
export async function coreRequest<T>(path: string, { method = 'GET', query, data, signal }: CallOptions = {}): Promise<T> {
  return apiFetch<T>({
    path: corePath(path, query),
    method,
    ...(data !== undefined ? { data: data as Record<string, unknown> } : {}),
    ...(signal ? { signal } : {}),
  });
}

/** `data` of a single-object envelope. */
export async function coreData<T>(path: string, options: CallOptions = {}): Promise<T> {
  const envelope = await coreRequest<{ data: T }>(path, options);
  return envelope.data;
}

/** A page of a list route. */
export async function corePage<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<Page<T>> {
  const envelope = await coreRequest<{ count: number; results: T[] }>(path, { query, ...(signal ? { signal } : {}) });
  return { count: envelope.count, results: envelope.results };
}

/** A raw body (a CSV file) sent as-is; the core answers JSON. */
export async function coreUpload<T>(path: string, file: Blob, query: Query = {}): Promise<T> {
  const envelope = await apiFetch<{ data: T }>({
    path: corePath(path, query),
    method: 'POST',
    body: file as unknown as BodyInit,
    headers: { 'Content-Type': file.type || 'text/csv' },
  });
  return envelope.data;
}

/** A download link through the proxy: the browser's own navigation streams the file. */
export function downloadUrl(path: string, query: Query = {}): string {
  const root = window.igny8Bridge?.restUrl ?? '/wp-json/igny8/v1/';
  const nonce = window.igny8Bridge?.nonce ?? '';
  const relative = corePath(path, query).slice(CORE_NAMESPACE.length);
  return addQueryArgs(root + relative, { _wpnonce: nonce });
}

export { Igny8Error };
