import { createRedactor, REDACTED } from '../../core/redact';
import { ConfigurationError } from '../../errors/configuration-error';
import { type FaultQueue, faultKind, faultResponse } from './faults';
import type { WindowCounter } from './rate-limit';
import { failure, JSON_TYPE, noRoute, queryRecord, type Route, reply } from './routes/reply';
import type { FakeRequestRecord } from './types';

// The HTTP front of the fake: which base URL a request is under, the request log, faults, the rate
// limit, auth, Accept and Content-Type; then the route. Routes see only a checked call.

/** Requests the log keeps: a long-running fake (behind a backend in development) keeps the latest. */
const LOG_SIZE = 10_000;

/** Base URLs the front answers under, as the fake's options give them. */
export interface BaseUrls {
  appBaseUrl: string;
  apiBaseUrl: string;
}

/** What the front needs from the fake. */
export interface FrontOptions {
  readonly partnerToken: string;
  readonly userToken: string | undefined;
  readonly accept: string;
  readonly routes: readonly Route[];
  readonly faults: FaultQueue;
  readonly limit: WindowCounter;
  /** Applies time-driven state changes before a route runs. */
  readonly settle: () => void;
}

interface Parsed {
  body: unknown;
  bodyError: boolean;
}

const tooMany = (retryAfter: number) =>
  reply(
    429,
    { success: false, data: null, meta: { message: 'Too many requests.' } },
    { 'retry-after': String(retryAfter) },
  );

async function readBody(request: Request): Promise<Parsed> {
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  if (text === '') return { body: undefined, bodyError: false };
  try {
    return { body: JSON.parse(text), bodyError: false };
  } catch {
    return { body: text, bodyError: true };
  }
}

/** Serves requests under the registered base URLs. @internal */
export class HttpFront {
  readonly #options: FrontOptions;
  readonly #bases: { host: 'app' | 'api'; base: string }[] = [];
  readonly #redact: (value: unknown) => unknown;
  readonly requests: FakeRequestRecord[] = [];

  constructor(options: FrontOptions) {
    this.#options = options;
    this.#redact = createRedactor([options.partnerToken, options.userToken]);
  }

  addBaseUrls({ appBaseUrl, apiBaseUrl }: BaseUrls): void {
    this.#bases.push({ host: 'app', base: appBaseUrl }, { host: 'api', base: apiBaseUrl });
    // Longest first, so `https://x/api/v1` wins over `https://x` when both hosts share an origin.
    this.#bases.sort((a, b) => b.base.length - a.base.length);
  }

  removeBaseUrls({ appBaseUrl, apiBaseUrl }: BaseUrls): void {
    for (const base of [appBaseUrl, apiBaseUrl]) {
      const index = this.#bases.findIndex((entry) => entry.base === base);
      if (index >= 0) this.#bases.splice(index, 1);
    }
  }

  /** @throws {ConfigurationError} when `request` is not a Web `Request`. */
  async handle(request: Request): Promise<Response> {
    if (!(request instanceof Request)) {
      throw new ConfigurationError('request', 'fake.handle takes a Web `Request` (new Request(url, init)).');
    }
    const url = new URL(request.url);
    const href = `${url.origin}${url.pathname}`;
    const base = this.#bases.find((entry) => href === entry.base || href.startsWith(`${entry.base}/`));
    const host = base?.host ?? 'app';
    const path = base ? href.slice(base.base.length) || '/' : url.pathname;
    const parsed = await readBody(request);
    const record = this.#record(request, host, path, url, parsed.body);
    const fault = this.#options.faults.take(request.method, path);
    if (fault) record.fault = faultKind(fault);
    if (fault && 'delayMs' in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    let response: Response;
    if (fault && !('delayMs' in fault) && !('drop' in fault && fault.drop === 'after')) {
      response = faultResponse(fault);
    } else if (!base) {
      response = noRoute(request.method, url.origin, url.pathname);
    } else {
      response = await this.#route(request, host, path, url.searchParams, parsed);
      if (fault && 'drop' in fault) response = Response.error();
    }
    record.status = response.status;
    return response;
  }

  #record(request: Request, host: 'app' | 'api', path: string, url: URL, body: unknown): FakeRequestRecord {
    const record: FakeRequestRecord = {
      method: request.method,
      host,
      path,
      query: this.#redact(queryRecord(url.searchParams)) as FakeRequestRecord['query'],
      headers: this.#headers(request.headers),
      body: this.#redact(body),
      status: 0,
    };
    this.requests.push(record);
    if (this.requests.length > LOG_SIZE) this.requests.splice(0, this.requests.length - LOG_SIZE);
    return record;
  }

  async #route(
    request: Request,
    host: 'app' | 'api',
    path: string,
    query: URLSearchParams,
    { body, bodyError }: Parsed,
  ): Promise<Response> {
    const retryAfter = this.#options.limit.hit();
    if (retryAfter !== undefined) return tooMany(retryAfter);
    this.#options.settle();
    const match = this.#match(request.method, host, path);
    if (match === 'unknown') return noRoute(request.method, host, path);
    if (match === 'method') return failure(405, 'Method not allowed.');
    const denied = this.#authenticate(request.headers.get('authorization'), match.route.auth);
    if (denied) return denied;
    if (request.headers.get('accept') !== this.#options.accept) {
      return failure(406, `Accept must be ${this.#options.accept}.`);
    }
    if (bodyError)
      return failure(422, 'An error has occurred.', [{ field: '(body)', message: 'invalid JSON' }]);
    if (body !== undefined && !(request.headers.get('content-type') ?? '').includes(JSON_TYPE)) {
      return failure(422, 'An error has occurred.', [
        { field: '(body)', message: 'Content-Type must be application/json' },
      ]);
    }
    return match.route.run({ params: match.params, query, body });
  }

  #match(method: string, host: 'app' | 'api', path: string) {
    let pathKnown = false;
    for (const route of this.#options.routes) {
      if (route.host !== host && route.host !== 'both') continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method === method) return { route, params: found.slice(1) };
    }
    return pathKnown ? ('method' as const) : ('unknown' as const);
  }

  #authenticate(header: string | null, scheme: 'partner' | 'partnerUser'): Response | undefined {
    const denied = failure(401, 'Authentication needed.');
    const found = /^Bearer ([^\s,]+)(?:,\s*User ([^\s,]+))?$/.exec(header ?? '');
    if (!found || found[1] !== this.#options.partnerToken) return denied;
    if (scheme === 'partnerUser') {
      const user = found[2];
      const { userToken } = this.#options;
      if (user === undefined || (userToken !== undefined && user !== userToken)) return denied;
    }
    return undefined;
  }

  #headers(headers: Headers): Record<string, string> {
    const out: Record<string, string> = {};
    headers.forEach((value, key) => {
      out[key] =
        key === 'authorization'
          ? value.replace(/(Bearer|User)\s+[^\s,]+/g, `$1 ${REDACTED}`)
          : (this.#redact(value) as string);
    });
    return out;
  }
}
