import type * as z from 'zod';
import { toWireErrors } from './schemas';

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

export const JSON_TYPE = 'application/json';

/** An Altegio envelope answer. */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  if (body === undefined) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

/** Altegio's error envelope (reference §2.3). */
export function failure(status: number, message?: string, errors?: unknown): Response {
  const meta: Record<string, unknown> = {};
  if (message !== undefined) meta.message = message;
  if (errors !== undefined) meta.errors = errors;
  return reply(status, { success: false, data: null, meta });
}

export const invalid = (error: z.ZodError) => failure(422, 'An error has occurred.', toWireErrors(error));

/** Builds a route. */
export const route = (
  method: Route['method'],
  host: RouteHost,
  pattern: RegExp,
  run: Route['run'],
  auth: Route['auth'] = 'partner',
): Route => ({ method, host, pattern, run, auth });

/** The header a fake answer carries when no route of the fake matched. */
export const NO_ROUTE_HEADER = 'x-fake-altegio';

/**
 * The answer to a path the fake does not implement: a 404 that says so plainly (message and header), so
 * it is never mistaken for Altegio's "not installed".
 */
export function noRoute(method: string, host: string, path: string): Response {
  return reply(
    404,
    {
      success: false,
      data: null,
      meta: {
        message: `The fake Altegio has no route for ${method} ${host} ${path}: not an Altegio answer. Check the path and the base URL (appBaseUrl, apiBaseUrl, applicationBaseUrl).`,
      },
    },
    { [NO_ROUTE_HEADER]: 'no-route' },
  );
}
