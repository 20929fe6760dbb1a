/** The text that stands in for a secret wherever the SDK copies data into an error or a log line. */
export const REDACTED = '[REDACTED]';

// Keys whose values are credentials whatever they contain (wire and camelCase spellings).
const secretKey = /token|api_?key|authorization|password|secret|login/i;

/**
 * Returns a function that deep-copies a value with every secret redacted: in string values, in keys
 * (a secret sent back as a JSON key), and as the whole value of every credential-named key.
 *
 * Copies are plain objects built with `Object.defineProperty`, so no key, `__proto__` included, can
 * change a copy's prototype.
 */
export function createRedactor(secrets: readonly (string | number | undefined | null)[]) {
  const all = secrets
    .map((secret) => (secret === undefined || secret === null ? '' : String(secret)))
    .filter((secret) => secret !== '');
  const list = all.filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  // A 1-3 character secret (a short login or numeric key) redacted everywhere would shred ordinary
  // text, so it is redacted where it stands alone: as a whole value, or as a word of its own.
  const short = all.filter((secret) => secret.length < 4);
  const shortWord =
    short.length === 0
      ? undefined
      : new RegExp(
          `(?<![\\p{L}\\p{N}])(?:${short.map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`,
          'gu',
        );

  const redactString = (text: string): string => {
    let out = text;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return shortWord ? out.replace(shortWord, REDACTED) : out;
  };

  const redact = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (typeof value === 'number' && all.includes(String(value))) return REDACTED;
    if (typeof value !== 'object' || value === null) return value;
    if (depth > 10) return REDACTED;
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const copy =
        secretKey.test(key) && item !== null && item !== undefined && item !== ''
          ? REDACTED
          : redact(item, depth + 1);
      // defineProperty, not assignment: `out['__proto__'] = x` would set the prototype.
      Object.defineProperty(out, redactString(key), {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return redact;
}
