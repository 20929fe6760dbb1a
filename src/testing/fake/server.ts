import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformConfig } from '../../core/platform';
import { toNodeHandler } from '../../node/to-node-handler';
import { ConfigurationError } from '../../errors/configuration-error';
import type { BaseUrls } from './front';
import { failure } from './routes/reply';

// The loopback server: the node adapter's bridge (read-body, send) in front of the fake's handler.

/** A running loopback fake: base URLs to point a client (or an unchanged backend) at. */
export interface FakeAltegioServer {
  /** Partner host, e.g. `http://127.0.0.1:41234/app` (use as `ALTEGIO_APP_BASE_URL`). */
  readonly appBaseUrl: string;
  /** REST API v1, e.g. `http://127.0.0.1:41234/api/v1` (use as `ALTEGIO_API_BASE_URL`). */
  readonly apiBaseUrl: string;
  /** `{ appBaseUrl, apiBaseUrl, accept }`, ready for `createAltegioClient({ platform })`. */
  readonly platform: PlatformConfig;
  /** The server's origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the server, dropping open connections. */
  close(): Promise<void>;
}

/** Options of `fake.listen()`. */
export interface FakeListenOptions {
  /** Port on 127.0.0.1. @default 0 (a free port) */
  port?: number | undefined;
}

interface Handler {
  readonly accept: string;
  handle(request: Request): Promise<Response>;
  addBaseUrls(bases: BaseUrls): void;
  removeBaseUrls(bases: BaseUrls): void;
}

/**
 * The fake's Web handler for one node request. The adapter gives the handler `http://localhost` plus
 * the path (it does not trust Host); the fake matches base URLs by origin, so the server's own is put
 * back. A dropped connection (`Response.error()`) destroys the socket, and the adapter, finding
 * nothing to send, sends nothing.
 */
function webHandler(fake: Handler, origin: string, req: IncomingMessage) {
  return async (request: Request): Promise<Response> => {
    const { pathname, search } = new URL(request.url);
    const init = { method: request.method, headers: request.headers, body: request.body, duplex: 'half' };
    try {
      const response = await fake.handle(new Request(`${origin}${pathname}${search}`, init as RequestInit));
      if (response.type === 'error') req.socket.destroy();
      return response;
    } catch {
      return failure(500, 'Fake Altegio failed.');
    }
  };
}

/**
 * Serves a fake on 127.0.0.1: the app host under `/app`, the REST API under `/api/v1`.
 * @throws {ConfigurationError} when `port` is not an integer from 0 to 65535.
 */
export async function listenFake(fake: Handler, options: FakeListenOptions = {}): Promise<FakeAltegioServer> {
  const port = options?.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigurationError(
      'port',
      'listen: `port` expected an integer from 0 to 65535 (0 picks a free port).',
    );
  }
  let origin = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void toNodeHandler(webHandler(fake, origin, req))(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bases = { appBaseUrl: `${origin}/app`, apiBaseUrl: `${origin}/api/v1` };
  fake.addBaseUrls(bases);
  let closed: Promise<void> | undefined;
  return Object.freeze({
    ...bases,
    url: origin,
    platform: Object.freeze({ ...bases, accept: fake.accept }),
    close() {
      closed ??= new Promise<void>((resolve) => {
        fake.removeBaseUrls(bases);
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  });
}
