import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformConfig } from '../../core/platform';

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
  addBaseUrls(bases: { appBaseUrl: string; apiBaseUrl: string }): void;
  removeBaseUrls(bases: { appBaseUrl: string; apiBaseUrl: string }): void;
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const body = chunks.length > 0 && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  return new Request(`${origin}${req.url ?? '/'}`, { method, headers, ...(body ? { body } : {}) });
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}

/** Serves a fake on 127.0.0.1: the app host under `/app`, the REST API under `/api/v1`. */
export async function listenFake(fake: Handler, options: FakeListenOptions = {}): Promise<FakeAltegioServer> {
  let origin = '';
  const server = createServer((req, res) => {
    toRequest(req, origin)
      .then((request) => fake.handle(request))
      .then((response) => {
        // Response.error() is the fake's "dropped connection".
        if (response.type === 'error') {
          req.socket.destroy();
          return;
        }
        return send(response, res);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"success":false,"data":null,"meta":{"message":"Fake Altegio failed."}}');
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
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
