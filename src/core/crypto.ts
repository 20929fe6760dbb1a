// No static `node:` import, so the webhooks entry loads on any runtime (Bun, Deno, workers). Where the
// runtime offers `process.getBuiltinModule` (Node >= 22.3, Bun), HMAC and SHA-256 run synchronously
// through node:crypto, which is an order of magnitude faster per webhook than an awaited Web Crypto
// call; elsewhere Web Crypto does the work, with the imported key cached per secret. node:crypto is
// looked up on the first HMAC or digest, not at import: loading it (with the stream machinery it pulls
// in) is a few ms of a cold start, and verifying an uninstall or freeze needs no HMAC at all.
type NodeCrypto = typeof import('node:crypto');

let nodeCryptoModule: NodeCrypto | null | undefined;

/** node:crypto where the runtime offers `process.getBuiltinModule`, else `null` (Web Crypto is used). */
function nodeCrypto(): NodeCrypto | null {
  if (nodeCryptoModule === undefined) {
    nodeCryptoModule =
      (
        globalThis as { process?: { getBuiltinModule?: (id: 'node:crypto') => NodeCrypto | undefined } }
      ).process?.getBuiltinModule?.('node:crypto') ?? null;
  }
  return nodeCryptoModule;
}
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

/** HMAC-SHA256 of `message` keyed by `secret`, as lowercase hex (synchronous work on node:crypto). */
export async function hmacSha256Hex(secret: string, message: string | Uint8Array): Promise<string> {
  const node = nodeCrypto();
  if (node) return node.createHmac('sha256', secret).update(message).digest('hex');
  const data = typeof message === 'string' ? encoder.encode(message) : message;
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', await importKey(secret), data as Uint8Array<ArrayBuffer>),
  );
  return toHex(mac, mac.length);
}

/** First 128 bits of SHA-256 of `text`, as hex: a compact, collision-safe part of a dedupe key. */
export async function digest(text: string): Promise<string> {
  const node = nodeCrypto();
  if (node) return node.createHash('sha256').update(text).digest('hex').slice(0, 32);
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
