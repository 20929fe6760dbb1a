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
  let out = '';
  for (const byte of mac) out += hex[byte];
  return out;
}

/**
 * Compares two strings in time that depends only on their lengths; never throws, also not when the
 * lengths differ (unlike `crypto.timingSafeEqual`).
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  const length = Math.max(left.length, right.length);
  let diff = left.length ^ right.length;
  for (let i = 0; i < length; i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}
