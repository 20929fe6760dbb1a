import { type AltegioClientOptions, createAltegioClient } from 'altegio-marketplace';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** Secrets used across the suite; every redaction test searches output for them. */
export const PARTNER_TOKEN = 'partner-token-5f2b9c1e7a';
export const USER_TOKEN = 'user-token-8d41e0b3c6';
export const CRM_TOKEN = '7cf262d6-1656-43f9-86ac-2826bdc125d2';
export const API_KEY = '2f181e2a-5c22-4ae7-9d9b-07104f312c28';
export const APPLICATION_ID = 123;
export const SECRETS = [PARTNER_TOKEN, USER_TOKEN, CRM_TOKEN, API_KEY] as const;

export const APP = 'https://app.alteg.io';
export const API = 'https://api.alteg.io/api/v1';

/** A client with test tokens, no env fallbacks, no limiter and near-instant retries. */
export function testClient(options: AltegioClientOptions = {}) {
  return createAltegioClient({
    partnerToken: PARTNER_TOKEN,
    userToken: USER_TOKEN,
    applicationId: APPLICATION_ID,
    rateLimit: false,
    retry: { initialDelay: 1, maxDelay: 5 },
    env: {},
    ...options,
  });
}

/** Throws when any test secret appears in `text`. */
export function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) {
    if (text.includes(secret)) throw new Error(`secret leaked: ${secret.slice(0, 6)}…`);
  }
}

/**
 * An msw server for the calling test file: listens before its tests, forgets per-test handlers after
 * each, closes after all. A request no handler takes fails the test (`onUnhandledFrame: 'error'`).
 */
export function useMswServer(): SetupServer {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** A request as a test handler received it. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The raw body; `''` when there is none. */
  text: string;
  /** The body when it is a JSON object, else `undefined`. */
  body: Record<string, unknown> | undefined;
}

/** An answer: a `Response` (cloned each time) or a function of the recorded request. */
export type Reply = Response | ((request: RecordedRequest) => Response | Promise<Response>);

/**
 * Answers `method url` on `server` with `replies` in turn (the last one repeats) and returns the list
 * that every matching request is recorded into.
 */
export function recordRequests(
  server: SetupServer,
  method: 'get' | 'post',
  url: string,
  ...replies: Reply[]
): RecordedRequest[] {
  const seen: RecordedRequest[] = [];
  server.use(
    http[method](url, async ({ request }) => {
      const text = await request.text();
      let body: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = text === '' ? undefined : JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
          body = parsed as Record<string, unknown>;
      } catch {
        body = undefined;
      }
      const recorded = {
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        text,
        body,
      };
      seen.push(recorded);
      const reply = replies[Math.min(seen.length - 1, replies.length - 1)];
      if (reply === undefined) throw new Error('recordRequests: no reply given');
      return typeof reply === 'function' ? reply(recorded) : reply.clone();
    }),
  );
  return seen;
}

/**
 * Records `POST /voip/integration` commands and answers like Altegio: 202 "Accepted", or the given
 * `status` and `answer`.
 */
export function recordVoipCommands(
  server: SetupServer,
  status = 202,
  answer: JsonBodyType = { success: true, meta: { message: 'Accepted' } },
): RecordedRequest[] {
  return recordRequests(server, 'post', `${API}/voip/integration`, HttpResponse.json(answer, { status }));
}
