import type * as z from 'zod/mini';
import type { AltegioApiError } from '../errors/altegio-api-error';
import { ResponseValidationError } from '../errors/response-validation-error';
import { errorFromStatus } from './error-from-status';
import { parseRetryAfter } from './retry';
import { parseWithIssues } from './zod-messages';

/** What the answer reader needs of a request. */
export interface AnswerSpec {
  method: string;
  path: string;
  auth?: 'partner' | 'partnerUser' | undefined;
  schema?: z.core.$ZodType | undefined;
  /** `manual`: a 3xx is the answer itself (its `Location` is what the caller wants). */
  redirect?: 'manual' | undefined;
  hints?: Readonly<Partial<Record<number, string>>> | undefined;
}

/** What one answer said, before any retry decision. */
export type Answer =
  | { kind: 'ok'; data: unknown; status: number; headers: Headers }
  | { kind: 'api'; error: AltegioApiError; retryAfter: number | undefined }
  | { kind: 'unreadable'; error: ResponseValidationError }
  | { kind: 'redirect'; status: number; locationHost: string | undefined };

type Redact = (value: unknown) => unknown;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The host a `Location` names, resolved against the request URL; never its path or query. */
function hostOf(location: string | null, base: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base).host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads an answer whose body text is in hand: Altegio's envelope `{success, data, meta}` becomes the
 * validated data, an API error, or "unreadable" (not JSON, not an object, data of the wrong shape).
 * A 3xx becomes "redirect" unless the request expects one.
 */
export function readAnswer(
  spec: AnswerSpec,
  response: { status: number; headers: Headers; url: string; type?: string },
  text: string,
  redact: Redact,
): Answer {
  const { status, headers } = response;
  // Browsers hide a manual redirect as an opaque answer with status 0.
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    if (spec.redirect === 'manual') return { kind: 'ok', data: undefined, status, headers };
    return { kind: 'redirect', status, locationHost: hostOf(headers.get('location'), response.url) };
  }
  let json: unknown;
  let isJson = true;
  // An empty or all-blank body is "no JSON"; a body opening with `{` (the envelope) skips the trim.
  if (text.charCodeAt(0) === 123 || text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      isJson = false;
    }
  }
  const envelope = isRecord(json) ? json : undefined;
  // The redacted copy of the body goes only into errors: a 2xx that validates never builds it.
  const body = () => (isJson ? redact(json) : (redact(text) as string).slice(0, 500));
  const contentType = () => headers.get('content-type') ?? 'no content type';
  if (status < 200 || status >= 300 || envelope?.success === false) {
    const retryAfter = parseRetryAfter(headers.get('retry-after'));
    const notJson = isJson
      ? undefined
      : `The answer was not JSON (${contentType()}); check the platform base URLs`;
    const hint = spec.hints?.[status] ?? defaultHint(status, spec.auth ?? 'partner') ?? notJson;
    return {
      kind: 'api',
      error: apiError(spec, status, envelope, body(), hint, redact, retryAfter),
      retryAfter,
    };
  }
  const unreadable = (detail: string, issues: ResponseValidationError['issues'] = []): Answer => ({
    kind: 'unreadable',
    error: new ResponseValidationError({
      method: spec.method,
      path: spec.path,
      status,
      issues,
      detail,
      body: body(),
    }),
  });
  if (!isJson) return unreadable(`the body is not JSON (${contentType()}). Is the platform base URL right?`);
  if (json !== undefined && !envelope) return unreadable('expected a JSON object {success, data, meta}.');
  if (!spec.schema) return { kind: 'ok', data: undefined, status, headers };
  const parsed = parseWithIssues(spec.schema, envelope?.data);
  if (parsed.success) return { kind: 'ok', data: parsed.data, status, headers };
  const issues = parsed.issues;
  const first = issues[0];
  const where = first ? ` (${['data', ...first.path].join('.')}: ${first.message})` : '';
  return unreadable(`data does not match the documented shape${where}.`, issues);
}

function apiError(
  spec: AnswerSpec,
  status: number,
  envelope: Record<string, unknown> | undefined,
  body: unknown,
  hint: string | undefined,
  redact: Redact,
  retryAfter: number | undefined,
): AltegioApiError {
  const meta = isRecord(envelope?.meta) ? envelope.meta : undefined;
  // YCLIENTS answers errors as {errors: {code, message}}.
  const yc = isRecord(envelope?.errors) ? envelope.errors : undefined;
  const message =
    typeof meta?.message === 'string'
      ? meta.message
      : typeof yc?.message === 'string'
        ? yc.message
        : undefined;
  const code = typeof yc?.code === 'number' || typeof yc?.code === 'string' ? yc.code : undefined;
  return errorFromStatus(
    {
      method: spec.method,
      path: spec.path,
      status,
      apiMessage: message === undefined ? undefined : (redact(message) as string),
      errors: redact(meta?.errors ?? envelope?.errors),
      code,
      body,
      hint,
    },
    retryAfter,
  );
}

function defaultHint(status: number, auth: 'partner' | 'partnerUser'): string | undefined {
  switch (status) {
    case 401:
      return auth === 'partnerUser'
        ? 'Check partnerToken (ALTEGIO_PARTNER_TOKEN) and userToken (ALTEGIO_USER_TOKEN), and that `platform` matches the account (altegio or yclients)'
        : 'Check partnerToken (ALTEGIO_PARTNER_TOKEN) and that `platform` matches the account (altegio or yclients)';
    case 403:
      return 'The token has no access here: check applicationId (ALTEGIO_APPLICATION_ID) and that the app is installed in this location';
    case 413:
      return 'Altegio refused the request as too large; send fewer items per call';
    case 422:
      return 'Altegio rejected the parameters; see `errors`';
    case 429:
      return "Altegio allows 200 requests a minute or 5 a second per IP; keep the client's rateLimit on";
    default:
      return undefined;
  }
}
