// What the CLI prints or shows on the console never carries a credential: tokens, keys, signatures and
// signed user data are replaced, wherever they sit (JSON fields, query parameters, signed webhook URLs).

const SECRET_KEY = /token|secret|api_?key|sign|password|login|user_data|authorization/i;
const SECRET_PARAM =
  /([?&;](?:[a-z_]*token|user_data|user_data_sign|api_key|sign|secret|signature|sig)=)[^&#\s"]*/gi;

/** Replaces secret query parameters in a URL or any text holding one. */
export function redactText(text: string): string {
  return text.replace(SECRET_PARAM, '$1[REDACTED]');
}

/** A deep copy of a JSON value with secret fields replaced by `[REDACTED]`. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      SECRET_KEY.test(key) && item !== null && item !== '' ? '[REDACTED]' : redactValue(item, depth + 1);
  }
  return copy;
}

/** Short one-line JSON of a redacted body, for logs. */
export function showBody(body: unknown, max = 240): string {
  if (body === undefined || body === '') return '';
  const text = typeof body === 'string' ? redactText(body) : JSON.stringify(redactValue(body));
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** A URL's path and query, secrets redacted. */
export function showUrl(url: string): string {
  try {
    const { pathname, search } = new URL(url);
    return redactText(`${pathname}${search}`);
  } catch {
    return redactText(url);
  }
}
