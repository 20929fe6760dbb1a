// The fake Altegio of `fake` and `rehearse`, served on one loopback port together with the console:
// `/app` (partner host) and `/api/v1` (REST API) go to the fake, everything else is the console.
// It wraps only the fake's public API, and keeps its own timeline of what happened for the console
// (requests the backend sent, webhooks the fake sent), redacted as it is recorded.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFakeAltegio, type FakeAltegio, type FakeWebhookDelivery } from '../testing/index';
import { RunError } from './args';
import { handleConsole } from './console-page';
import { fakeBridge } from './host/bridge';
import { createDirectory, type Directory } from './host/directory';
import { listenLoopback } from './host/server';
import { createTimeline, type Timeline } from './host/timeline';

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

/**
 * A running fake with its console. Its users and locations are those of a {@link Directory} (CRM
 * tokens are secrets, to scrub from output); `changed` and `subscribe` tell console viewers of changes.
 */
export interface FakeHost
  extends Pick<Directory, 'newUser' | 'lastUser' | 'ownerOf' | 'crmTokens' | 'nextLocationId' | 'locations'>,
    Pick<Timeline, 'changed' | 'subscribe'> {
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
  /** Altegio's Disconnect: uninstalls and sends the `uninstall` webhook. */
  disconnect(locationId: number): Promise<FakeWebhookDelivery>;
  /** Expiry of the paid period: freezes and sends the `freeze` webhook. */
  freeze(locationId: number): Promise<FakeWebhookDelivery>;
  /** Adds a timeline entry (the browser's visits during a rehearsal). */
  record(entry: Omit<LogEntry, 'seq' | 'at'>): void;
  /** Stops the server, dropping open connections (console viewers included). */
  close(): Promise<void>;
}

/** The environment that points an unchanged backend at the fake on `url`. */
function backendEnv(url: string, options: FakeHostOptions): Readonly<Record<string, string>> {
  return Object.freeze({
    ALTEGIO_APP_BASE_URL: `${url}/app`,
    ALTEGIO_API_BASE_URL: `${url}/api/v1`,
    ALTEGIO_PARTNER_TOKEN: options.partnerToken,
    ALTEGIO_APPLICATION_ID: String(options.applicationId),
    ALTEGIO_USER_TOKEN: options.userToken,
  });
}

/** The timeline entry of a lifecycle webhook the fake sent (or could not send). */
function deliveryEntry(delivery: FakeWebhookDelivery): Omit<LogEntry, 'seq' | 'at'> {
  return {
    from: 'altegio',
    method: 'POST',
    path: delivery.url ?? '(no --callback-url set: nothing sent)',
    status: delivery.status,
    body: { event: delivery.event, salon_id: delivery.locationId },
    note: delivery.error,
  };
}

/**
 * Starts the fake Altegio and its console on 127.0.0.1.
 * @throws {RunError} when the port is taken.
 * @example
 * ```ts
 * const host = await startFakeHost({ port: 0, partnerToken, applicationId: 4242, userToken });
 * console.log(host.env);
 * ```
 */
export async function startFakeHost(options: FakeHostOptions): Promise<FakeHost> {
  const timeline = createTimeline();
  const directory = createDirectory();
  let served: { host: FakeHost; toFake: (req: IncomingMessage, res: ServerResponse) => Promise<void> };
  const server = await listenLoopback(options.port, async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/app/') || path.startsWith('/api/v1/')) await served.toFake(req, res);
    else await handleConsole(served.host, req, res);
  });
  const { url } = server;
  // The fake answers under the base URLs it was created with: this server's own.
  const fake = createFakeAltegio({
    partnerToken: options.partnerToken,
    applicationId: options.applicationId,
    userToken: options.userToken,
    callbackUrl: options.callbackUrl,
    appBaseUrl: `${url}/app`,
    apiBaseUrl: `${url}/api/v1`,
  });
  const afterDelivery = (delivery: FakeWebhookDelivery) => {
    timeline.record(deliveryEntry(delivery));
    return delivery;
  };
  const host: FakeHost = {
    fake,
    url,
    consoleUrl: `${url}/`,
    env: backendEnv(url, options),
    registrationUrl: options.registrationUrl,
    log: timeline.log,
    checks: [],
    async grant(locationIds, user) {
      const registrationUrl = host.registrationUrl;
      if (registrationUrl === undefined)
        throw new RunError('no registration URL: start with --registration-url, or type it on the console.');
      directory.own(locationIds, user);
      const { userId, name, email, phone } = user;
      const link = await fake.grantAccess({
        registrationUrl,
        locationIds,
        chainId: user.chainId,
        crmToken: user.crmToken,
        user: { userId, name, email, phone },
      });
      timeline.changed();
      return link;
    },
    newUser: directory.newUser,
    lastUser: directory.lastUser,
    ownerOf: directory.ownerOf,
    crmTokens: directory.crmTokens,
    nextLocationId: directory.nextLocationId,
    async disconnect(locationId) {
      directory.know(locationId);
      return afterDelivery(await fake.disconnect(locationId));
    },
    async freeze(locationId) {
      directory.know(locationId);
      return afterDelivery(await fake.freeze(locationId));
    },
    locations: directory.locations,
    record: timeline.record,
    changed: timeline.changed,
    subscribe: timeline.subscribe,
    async close() {
      timeline.close();
      await server.close();
    },
  };
  served = { host, toFake: fakeBridge(fake, { origin: url, know: directory.know, record: timeline.record }) };
  return host;
}
