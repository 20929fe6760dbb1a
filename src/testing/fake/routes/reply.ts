import type * as z from 'zod';
import { toWireErrors } from '../schemas';
import type { FakeState } from '../state';

// The building blocks every route file shares: the route shape, Altegio's envelopes, the plain-text 400 of no route.

/** Which host a fake route answers on; `both` for the application group, which Altegio's clients disagree on. */
export type RouteHost = 'app' | 'api' | 'both';

/** One route of the fake. @internal */
export interface Route {
  method: 'GET' | 'POST';
  host: RouteHost;
  pattern: RegExp;
  auth: 'partner' | 'partnerUser';
  run: (call: Call) => Promise<Response> | Response;
}

/** What a route handler receives. @internal */
export interface Call {
  params: string[];
  query: URLSearchParams;
  body: unknown;
}

/** The media type of every JSON body the fake reads or writes. */
export const JSON_TYPE = 'application/json';

/** An Altegio envelope answer. */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  if (body === undefined) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

/** A success envelope with `data` and `meta`. */
export const ok = (data: unknown, meta: unknown = [], status = 200): Response =>
  reply(status, { success: true, data, meta });

/** Altegio's error envelope: `success: false`, `data: null`, the message and errors under `meta`. */
export function failure(status: number, message?: string, errors?: unknown): Response {
  const meta: Record<string, unknown> = {};
  if (message !== undefined) meta.message = message;
  if (errors !== undefined) meta.errors = errors;
  return reply(status, { success: false, data: null, meta });
}

/** Altegio's 422 for a body that fails its schema. */
export const invalid = (error: z.ZodError): Response =>
  failure(422, 'An error has occurred.', toWireErrors(error));

/** Query parameters, PHP-style arrays (`types[]=a`) under the bare name. */
export function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of query) {
    const isArray = rawKey.endsWith('[]');
    const key = isArray ? rawKey.slice(0, -2) : rawKey;
    const existing = out[key];
    if (isArray || Array.isArray(existing)) out[key] = [...(Array.isArray(existing) ? existing : []), value];
    else out[key] = value;
  }
  return out;
}

/** Builds a route. */
export const route = (
  method: Route['method'],
  host: RouteHost,
  pattern: RegExp,
  run: Route['run'],
  auth: Route['auth'] = 'partner',
): Route => ({ method, host, pattern, run, auth });

/**
 * The header a fake answer carries when no route of the fake matched: `x-fake-altegio: no-route`.
 *
 * @example
 * ```ts
 * expect(response.headers.get(NO_ROUTE_HEADER)).toBeNull(); // a real (fake) Altegio answer
 * ```
 */
export const NO_ROUTE_HEADER = 'x-fake-altegio';

/**
 * The answer to a path the fake does not implement: a 400 in plain text (never Altegio's JSON envelope)
 * with the header {@link NO_ROUTE_HEADER}, so no SDK method can read it as an Altegio answer such as
 * "not installed". A 4xx, not a 5xx: the client neither retries it nor reports a write's outcome as
 * unknown; it throws an `AltegioApiError` ("not JSON … check the platform base URLs") whose `body` is
 * this text.
 */
export function noRoute(method: string, host: string, path: string): Response {
  return new Response(
    `The fake Altegio has no route for ${method} ${host} ${path}: not an Altegio answer. Check the path and the base URL (appBaseUrl, apiBaseUrl, applicationBaseUrl).`,
    { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8', [NO_ROUTE_HEADER]: 'no-route' } },
  );
}

/** What the route files read from the fake: its identity, its options and its state. @internal */
export interface RouteContext {
  readonly applicationId: number;
  readonly partnerToken: string;
  readonly appBaseUrl: string;
  readonly activationWindowMs: number;
  readonly tariffs: readonly unknown[];
  readonly state: FakeState;
  /** Sends the `uninstall` lifecycle webhook (an uninstall through the partner API). */
  uninstalled(locationId: number): void;
}

/** Whether a wire `application_id` (number or path text) names the fake's application. */
export const sameApp = (ctx: RouteContext, value: unknown): boolean => Number(value) === ctx.applicationId;

/** 403 "No application access": another application's id. */
export const noAccess = (): Response => failure(403, 'No application access');
