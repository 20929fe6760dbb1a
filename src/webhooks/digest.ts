const encoder = new TextEncoder();

/** First 128 bits of SHA-256 of `text`, as hex: a compact, collision-safe part of a dedupe key. */
export async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let out = '';
  for (let i = 0; i < 16; i++) out += (bytes[i] as number).toString(16).padStart(2, '0');
  return out;
}
