// The fake Altegio of `fake` and `rehearse`, served on one loopback port together with the console:
// `/app` (partner host) and `/api/v1` (REST API) go to the fake, everything else is the console.
// It wraps only the fake's public API, and keeps its own timeline of what happened for the console
// (requests the backend sent, webhooks the fake sent), redacted as it is recorded.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '../node/index';
import { createFakeAltegio, type FakeAltegio, type FakeWebhookDelivery } from '../testing/index';
import { RunError } from './args';
import { handleConsole } from './console-page';
import { redactText, redactValue } from './redact';

/** Options of {@link startFakeHost}. */
export interface FakeHostOptions {
  /** Port on 127.0.0.1; 0 = a free one. */
  port: number;
  /** The partner token the fake accepts and signs with. */
  partnerToken: string;
  /** The application id the fake serves. */
  applicationId: number;
  /** The user token accepted on Partner+User endpoints. */
  userToken: string;
  /** Where lifecycle webhooks go. @default none: Disconnect and Freeze send nothing */
  callbackUrl?: string | undefined;
  /** What the console's Connect opens. @default none: typed on the console */
  registrationUrl?: string | undefined;
}

/** A step of the timeline shown on the console. */
export interface LogEntry {
  /** Order of arrival. */
  seq: number;
  /** When, ISO 8601. */
  at: string;
  /** `backend` = the backend called Altegio; `altegio` = the fake called the backend; `browser` = a page visit. */
  from: 'backend' | 'altegio' | 'browser';
  /** HTTP method. */
  method: string;
  /** `app …`/`api …` path for the fake's hosts, or the URL called; secrets redacted. */
  path: string;
  /** Status answered; `undefined` when there was no answer, `0` for a dropped connection. */
  status: number | undefined;
  /** Redacted body. */
  body: unknown;
  /** Why a delivery failed. */
  note?: string | undefined;
}

/** A check of a running rehearsal, as the console shows it. */
export interface ConsoleCheck {
  /** Altegio's title of the check. */
  title: string;
  /** Where it is. */
  state: 'pending' | 'running' | 'passed' | 'failed';
}

/** One Altegio user of the console (who clicks Connect). */
export interface HostUser {
  /** `user_id` in the signed `user_data`. */
  userId: number;
  /** `name` in `user_data`. */
  name: string;
  /** `email` in `user_data`. */
  email: string;
  /** `phone` in `user_data`. */
  phone: string;
  /** The user's chain (`salon_group_id`). */
  chainId: number;
  /** The chain's CRM token. */
  crmToken: string;
}

/** A running fake with its console. */
export interface FakeHost {
  /** The fake itself, for state and assertions. */
  readonly fake: FakeAltegio;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The console page. */
  readonly consoleUrl: string;
  /** The environment that points an unchanged backend at this fake. */
  readonly env: Readonly<Record<string, string>>;
  /** What Connect opens; the console can change it. */
  registrationUrl: string | undefined;
  /** The timeline, oldest first (the latest 2000). */
  readonly log: readonly LogEntry[];
  /** The checks of a running rehearsal, shown on the console. */
  checks: ConsoleCheck[];
  /** Grants access as `user` (Altegio's Connect) and returns the registration redirect URL. */
  grant(locationIds: readonly number[], user: HostUser): Promise<string>;
  /** A new Altegio user with their own chain. */
  newUser(): HostUser;
  /** The last user who connected, or a new one. */
  lastUser(): HostUser;
  /** The user who connected this location last. */
  ownerOf(locationId: number): HostUser | undefined;
  /** CRM tokens of the users so far (secrets, to scrub from output). */
  crmTokens(): string[];
  /** A location id no installation uses yet. */
  nextLocationId(): number;
  /** Altegio's Disconnect: uninstalls and sends the `uninstall` webhook. */
  disconnect(locationId: number): Promise<FakeWebhookDelivery>;
  /** Expiry of the paid period: freezes and sends the `freeze` webhook. */
  freeze(locationId: number): Promise<FakeWebhookDelivery>;
  /** Locations known to the console, in the order they appeared. */
  locations(): number[];
  /** Adds a timeline entry (the browser's visits during a rehearsal). */
  record(entry: Omit<LogEntry, 'seq' | 'at'>): void;
  /** Tells console viewers that something changed. */
  changed(): void;
  /** Calls `listener` after each change (debounced); returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Stops the server, dropping open connections (console viewers included). */
  close(): Promise<void>;
}

const FIRST_LOCATION = 1001;
const FIRST_USER = 501;
const FIRST_CHAIN = 77;

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Starts the fake Altegio and its console on 127.0.0.1.
 * @throws {RunError} when the port is taken.
 */
export async function startFakeHost(options: FakeHostOptions): Promise<FakeHost> {
  let fake: FakeAltegio | undefined;
  const log: LogEntry[] = [];
  const users: HostUser[] = [];
  const owners = new Map<number, HostUser>();
  const known: number[] = [];
  const listeners = new Set<() => void>();
  let seq = 0;
  let pending: NodeJS.Timeout | undefined;

  const know = (locationId: number) => {
    if (Number.isSafeInteger(locationId) && locationId > 0 && !known.includes(locationId))
      known.push(locationId);
  };
  const changed = () => {
    pending ??= setTimeout(() => {
      pending = undefined;
      for (const listener of listeners) listener();
    }, 30);
  };
  const record = (entry: Omit<LogEntry, 'seq' | 'at'>) => {
    log.push({
      ...entry,
      path: redactText(entry.path),
      body: redactValue(entry.body),
      seq: ++seq,
      at: new Date().toISOString(),
    });
    if (log.length > 2000) log.splice(0, log.length - 2000);
    changed();
  };

  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    void route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The fake Altegio failed to answer.');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (fake && (path.startsWith('/app/') || path.startsWith('/api/v1/'))) {
      await toFake(fake, req, res);
      return;
    }
    await handleConsole(host, req, res);
  }

  // The node adapter's bridge (the one the fake's own server uses), with the timeline recorded on the way.
  function toFake(target: FakeAltegio, req: IncomingMessage, res: ServerResponse): Promise<void> {
    return toNodeHandler(async (incoming) => {
      const { method } = incoming;
      const raw =
        method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(await incoming.arrayBuffer());
      // The adapter does not trust Host (it gives http://localhost); the fake matches its own origin.
      const { pathname, search } = new URL(incoming.url);
      const request = new Request(`${host.url}${pathname}${search}`, {
        method,
        headers: incoming.headers,
        ...(raw && raw.length > 0 ? { body: raw } : {}),
      });
      const response = await target.handle(request);
      const body = parseJson(raw ? new TextDecoder().decode(raw) : '');
      for (const match of pathname.matchAll(/\/salon\/(\d+)/g)) know(Number(match[1]));
      if (body && typeof body === 'object' && 'salon_id' in body)
        know(Number((body as { salon_id: unknown }).salon_id));
      record({
        from: 'backend',
        method,
        path: `${pathname.replace(/^\/(app|api\/v1)/, (_, base: string) => (base === 'app' ? 'app ' : 'api '))}${search}`,
        status: response.type === 'error' ? 0 : response.status,
        body,
      });
      // A dropped connection: destroy the socket; the adapter then finds nothing to send.
      if (response.type === 'error') req.socket.destroy();
      return response;
    })(req, res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new RunError(
          error.code === 'EADDRINUSE'
            ? `port ${options.port} on 127.0.0.1 is in use: stop what runs there (another \`altegio-marketplace fake\`?) or pick another --port.`
            : `cannot listen on 127.0.0.1:${options.port}: ${error.message}`,
        ),
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const appBaseUrl = `${url}/app`;
  const apiBaseUrl = `${url}/api/v1`;
  // The fake answers under the base URLs it was created with: this server's own.
  fake = createFakeAltegio({
    partnerToken: options.partnerToken,
    applicationId: options.applicationId,
    userToken: options.userToken,
    callbackUrl: options.callbackUrl,
    appBaseUrl,
    apiBaseUrl,
  });
  const theFake = fake;

  const afterDelivery = (delivery: FakeWebhookDelivery) => {
    record({
      from: 'altegio',
      method: 'POST',
      path: delivery.url ?? '(no --callback-url set: nothing sent)',
      status: delivery.status,
      body: { event: delivery.event, salon_id: delivery.locationId },
      note: delivery.error,
    });
    return delivery;
  };

  const host: FakeHost = {
    fake: theFake,
    url,
    consoleUrl: `${url}/`,
    env: Object.freeze({
      ALTEGIO_APP_BASE_URL: appBaseUrl,
      ALTEGIO_API_BASE_URL: apiBaseUrl,
      ALTEGIO_PARTNER_TOKEN: options.partnerToken,
      ALTEGIO_APPLICATION_ID: String(options.applicationId),
      ALTEGIO_USER_TOKEN: options.userToken,
    }),
    registrationUrl: options.registrationUrl,
    log,
    checks: [],
    async grant(locationIds, user) {
      const registrationUrl = host.registrationUrl;
      if (registrationUrl === undefined)
        throw new RunError('no registration URL: start with --registration-url, or type it on the console.');
      for (const id of locationIds) {
        know(id);
        owners.set(id, user);
      }
      const link = await theFake.grantAccess({
        registrationUrl,
        locationIds,
        chainId: user.chainId,
        crmToken: user.crmToken,
        user: { userId: user.userId, name: user.name, email: user.email, phone: user.phone },
      });
      changed();
      return link;
    },
    newUser() {
      const n = users.length;
      const user: HostUser = {
        userId: FIRST_USER + n,
        name: ['Ann Lee', 'Bo Chen', 'Cy Diaz', 'Di Evans'][n % 4] ?? 'Ann Lee',
        email: `user${FIRST_USER + n}@example.com`,
        phone: `1555010${String(n).padStart(4, '0')}`,
        chainId: FIRST_CHAIN + n,
        crmToken: crypto.randomUUID(),
      };
      users.push(user);
      return user;
    },
    lastUser() {
      return [...owners.values()].at(-1) ?? users.at(-1) ?? host.newUser();
    },
    ownerOf: (locationId) => owners.get(locationId),
    crmTokens: () => users.map((user) => user.crmToken),
    nextLocationId() {
      return Math.max(FIRST_LOCATION - 1, ...known) + 1;
    },
    async disconnect(locationId) {
      know(locationId);
      return afterDelivery(await theFake.disconnect(locationId));
    },
    async freeze(locationId) {
      know(locationId);
      return afterDelivery(await theFake.freeze(locationId));
    },
    locations: () => [...known],
    record,
    changed,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      if (pending) clearTimeout(pending);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
  return host;
}
