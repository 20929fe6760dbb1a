// Reads the exact source text of top-level number values, because the `payment` sign is computed over
// the number as the sender formatted it (`100.50` signs "100.50"), which `JSON.parse` forgets.

const ws = new Set([' ', '\t', '\n', '\r']);

function skipWs(text: string, i: number): number {
  while (i < text.length && ws.has(text[i] as string)) i++;
  return i;
}

function skipString(text: string, i: number): number {
  // `i` is at the opening quote; returns the index after the closing quote.
  for (i++; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return -1;
}

function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    while (i < text.length) {
      const d = text[i];
      if (d === '"') {
        i = skipString(text, i);
        if (i < 0) return -1;
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  // number, true, false, null: runs up to the next delimiter
  while (i < text.length && !ws.has(text[i] as string) && text[i] !== ',' && text[i] !== '}') i++;
  return i;
}

/**
 * Returns the source text of the top-level values named in `keys` that are JSON numbers
 * (`{"amount": 100.50}` → `{ amount: "100.50" }`). `text` must already have passed `JSON.parse`;
 * anything unexpected yields an empty result rather than an exception. A repeated key keeps its last
 * value, as `JSON.parse` does.
 */
export function topLevelNumberTexts(text: string, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let i = skipWs(text, 0);
  if (text[i] !== '{') return out;
  i = skipWs(text, i + 1);
  while (i < text.length && text[i] === '"') {
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return out;
    const rawKey = text.slice(i, keyEnd);
    const key = rawKey.includes('\\') ? (JSON.parse(rawKey) as string) : rawKey.slice(1, -1);
    i = skipWs(text, keyEnd);
    if (text[i] !== ':') return out;
    const start = skipWs(text, i + 1);
    const end = skipValue(text, start);
    if (end < 0) return out;
    if (keys.includes(key)) {
      const value = text.slice(start, end);
      if (/^-?\d/.test(value)) out[key] = value;
      else delete out[key];
    }
    i = skipWs(text, end);
    if (text[i] !== ',') return out;
    i = skipWs(text, i + 1);
  }
  return out;
}
