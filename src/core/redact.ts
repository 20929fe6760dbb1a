/** The text that stands in for a secret wherever the SDK copies data into an error or a log line. */
export const REDACTED = '[REDACTED]';

// Keys whose values are credentials whatever they contain (wire and camelCase spellings).
const secretKey = /token|api_?key|authorization|password|secret/i;

/** Returns a function that deep-copies a value with every secret, and every credential-named key, redacted. */
export function createRedactor(secrets: readonly (string | number | undefined | null)[]) {
  // Very short values would redact ordinary text; tokens are long, so the floor costs nothing.
  const list = secrets
    .map((secret) => (secret === undefined || secret === null ? '' : String(secret)))
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length);

  const redactString = (text: string): string => {
    let out = text;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };

  const redact = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth > 10) return REDACTED;
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        secretKey.test(key) && item !== null && item !== undefined && item !== ''
          ? REDACTED
          : redact(item, depth + 1);
    }
    return out;
  };
  return redact;
}
