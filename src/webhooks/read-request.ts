import { utf8 } from './body';

// Reading a Web Request's body within a byte limit, without trusting its Content-Length.

/** @internal The body is the sender's fault: too large, unreadable, or broken mid-stream. */
export class BadBody extends Error {
  constructor(readonly code: 'body-too-large' | 'malformed-body') {
    super(code);
  }
}

/** @internal Reads the whole body as UTF-8, refusing more than `limit` bytes. */
export async function readText(request: Request, limit: number): Promise<string> {
  // Refused before reading: a sender announcing megabytes and then trickling bytes holds nothing.
  if (Number(request.headers.get('content-length')) > limit) throw new BadBody('body-too-large');
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new BadBody('malformed-body'); // the client went away mid-body
    });
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop reading: a sender that streams megabytes costs us no more than the limit.
      await reader.cancel().catch(() => {});
      throw new BadBody('body-too-large');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BadBody('malformed-body');
  }
}
