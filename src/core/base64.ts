// Standard base64 with Web APIs only (atob/btoa), so the signer in `testing` and the redirect parser
// share it anywhere.

/**
 * Standard base64 (PHP `base64_encode`): whole 4-character groups, then either a correctly padded last
 * group (`xx==`, `xxx=`) or the same without its padding (`xx`, `xxx`). Padding anywhere else (`Y=`,
 * `YQ=`, `YWJjZA=`) or a lone trailing character is refused, so `atob` never sees what it rejects.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/**
 * Decodes standard base64 to bytes, or returns `undefined` when it is not base64 (never throws the
 * `DOMException` of `atob`).
 */
export function base64ToBytes(value: string): Uint8Array | undefined {
  if (!BASE64.test(value)) return undefined;
  let binary: string;
  try {
    binary = atob(value);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes bytes as standard, padded base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
