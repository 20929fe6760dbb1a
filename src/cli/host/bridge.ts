// The fake's hosts (`/app`, `/api/v1`) on the console's port: the node adapter's bridge (the one the
// fake's own server uses), with the timeline recorded on the way.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler } from '../../node/index';
import type { FakeAltegio } from '../../testing/index';
import type { LogEntry } from '../fake-host';

/** What the bridge needs besides the fake. */
export interface BridgeOptions {
  /** `http://127.0.0.1:<port>`: the origin the fake was created with. */
  origin: string;
  /** Remembers a location id the backend named. */
  know(locationId: number): void;
  /** Adds a timeline entry. */
  record(entry: Omit<LogEntry, 'seq' | 'at'>): void;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `app /…` or `api /…` for the timeline. */
const timelinePath = (pathname: string) =>
  pathname.replace(/^\/(app|api\/v1)/, (_, base: string) => (base === 'app' ? 'app ' : 'api '));

/** A node request handler that serves `fake` and records each request the backend sent. */
export function fakeBridge(
  fake: FakeAltegio,
  options: BridgeOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const serve = async (incoming: Request, req: IncomingMessage): Promise<Response> => {
    const { method } = incoming;
    const raw =
      method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(await incoming.arrayBuffer());
    // The adapter does not trust Host (it gives http://localhost); the fake matches its own origin.
    const { pathname, search } = new URL(incoming.url);
    const request = new Request(`${options.origin}${pathname}${search}`, {
      method,
      headers: incoming.headers,
      ...(raw && raw.length > 0 ? { body: raw } : {}),
    });
    const response = await fake.handle(request);
    const body = parseJson(raw ? new TextDecoder().decode(raw) : '');
    for (const match of pathname.matchAll(/\/salon\/(\d+)/g)) options.know(Number(match[1]));
    if (body && typeof body === 'object' && 'salon_id' in body)
      options.know(Number((body as { salon_id: unknown }).salon_id));
    options.record({
      from: 'backend',
      method,
      path: `${timelinePath(pathname)}${search}`,
      status: response.type === 'error' ? 0 : response.status,
      body,
    });
    // A dropped connection: destroy the socket; the adapter then finds nothing to send.
    if (response.type === 'error') req.socket.destroy();
    return response;
  };
  return (req, res) => toNodeHandler((incoming) => serve(incoming, req))(req, res);
}
