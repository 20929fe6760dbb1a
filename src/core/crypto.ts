// Web Crypto only (no `node:` import), so the webhooks entry can share it on any runtime.
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function importKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    // A handful of secrets per process; the cap only guards against a caller that varies them freely.
    if (keys.size >= 32) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

const hex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** HMAC-SHA256 of `message` keyed by `secret`, as lowercase hex. */
export async function hmacSha256Hex(secret: string, message: string | Uint8Array): Promise<string> {
  const data = typeof message === 'string' ? encoder.encode(message) : message;
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', await importKey(secret), data as Uint8Array<ArrayBuffer>),
  );
  return toHex(mac, mac.length);
}

/** First 128 bits of SHA-256 of `text`, as hex: a compact, collision-safe part of a dedupe key. */
export async function digest(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))), 16);
}

function toHex(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += hex[bytes[i] as number];
  return out;
}

/**
 * Compares two strings in time that depends only on the longer length; never throws, also not when
 * the lengths differ (unlike `crypto.timingSafeEqual`). Works on UTF-16 code units, with no encoding
 * step, which matters at webhook rates.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  // charCodeAt past the end is NaN, and NaN | 0 is 0: the loop never branches on the contents.
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
