import { callOptions } from '../core/call-options';
import { loadSchemas } from '../load-schemas';
import type { ConnectTarget } from './connect-target';
import { ResponseValidationError } from '../errors/response-validation-error';
import { type Marketplace, postActivation } from '../marketplace/marketplace';
import type { ActivateParams, InstallationStatus } from '../marketplace/schemas';
import type { Telephony } from '../telephony/telephony';

// Internal shorthand only: ConnectOptions spells the same types out, so the docs need no extra name.
type PerLocation<T> = T | ((locationId: number) => T | Promise<T>);

/** Options of `altegio.connect`. */
export interface ConnectOptions {
  /**
   * Entity-webhook URLs to register on activation (`webhook_urls`), the same for every location or
   * computed per location (e.g. with `signWebhookUrl`).
   * @default undefined (none)
   */
  webhookUrls?:
    | readonly string[]
    | ((locationId: number) => readonly string[] | undefined | Promise<readonly string[] | undefined>)
    | undefined;
  /** `api_key` for Notifications/SMS apps, fixed or per location. @default undefined */
  apiKey?:
    | string
    | number
    | ((locationId: number) => string | number | undefined | Promise<string | number | undefined>)
    | undefined;
  /**
   * The other activation fields (`chatUrl`, `tipsUrl`, `channels`, `login`, `secretKey`), fixed or per
   * location. `chatUrl` reaches only a pending installation, so connect is the moment to send it.
   * `login` and `secretKey` are redacted from every error and log line.
   * @default undefined (none)
   */
  activation?:
    | ActivationExtras
    | ((locationId: number) => ActivationExtras | undefined | Promise<ActivationExtras | undefined>)
    | undefined;
  /**
   * Aborts the calls: the request in flight and every later one reject with `RequestAbortedError`,
   * reported as that location's (or telephony's) `failed`.
   * @default undefined (not abortable)
   */
  signal?: AbortSignal | undefined;
}

/** The activation fields of {@link ConnectOptions.activation}. */
export type ActivationExtras = Pick<
  ActivateParams,
  'chatUrl' | 'tipsUrl' | 'channels' | 'login' | 'secretKey'
>;

/**
 * How one location ended up:
 * - `activated`: it was `pending` and is now active;
 * - `already-active`: it was active already (a user who connects again, an already registered user, or
 *   the owner opening the app card again, which sends the same redirect), or another instance
 *   activated it at the same moment;
 * - `frozen`: `freezed` for non-payment; a reported payment reactivates it;
 * - `not-installed`: no installation (uninstalled, or never granted): the user must connect again from
 *   the Marketplace;
 * - `failed`: see `error` (e.g. the pending window passed: Altegio accepts an activation for up to 12
 *   hours after the grant; the user must connect again).
 */
export type ConnectOutcome = 'activated' | 'already-active' | 'frozen' | 'not-installed' | 'failed';

/** The result for one location. */
export interface ConnectLocationResult {
  /** The location, as listed in the redirect. */
  locationId: number;
  /** How it ended up. */
  outcome: ConnectOutcome;
  /** The installation status last read, when one was read. */
  status?: InstallationStatus;
  /** Why it failed (`outcome: 'failed'`). */
  error?: Error;
}

/**
 * What happened to telephony: `enabled`; `failed` (see `error`); `not-requested` (no `crmToken`);
 * `skipped` (no location is active, so there is nothing to route calls to).
 */
export interface ConnectTelephonyResult {
  /** What happened, as described above. */
  outcome: 'enabled' | 'failed' | 'not-requested' | 'skipped';
  /** Why enabling failed (`outcome: 'failed'`). */
  error?: Error;
}

/** What `altegio.connect` did, location by location. */
export interface ConnectReport {
  /** `true` when every location is active (`activated` or `already-active`) and telephony did not fail. */
  ok: boolean;
  /** One entry per location, in the redirect's order. */
  locations: ConnectLocationResult[];
  /** What happened to telephony (enabled with the redirect's `crmToken`, when it had one). */
  telephony: ConnectTelephonyResult;
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
const resolve = <T>(value: PerLocation<T>, locationId: number): T | Promise<T> =>
  typeof value === 'function' ? (value as (id: number) => T | Promise<T>)(locationId) : value;

/** An installation status the SDK does not know how to connect: an answer outside the documented shape. */
function unknownStatus(locationId: number, status: string): ResponseValidationError {
  return new ResponseValidationError({
    method: 'GET',
    path: `/marketplace/salon/${locationId}/application/{application_id}`,
    status: 200,
    issues: [{ path: ['connection_status', 'status'], message: `Unknown installation status "${status}"` }],
    body: { connection_status: { status } },
    detail: `unexpected installation status "${status}": expected pending, active or freezed.`,
  });
}

async function connectLocation(
  marketplace: Marketplace,
  locationId: number,
  options: ConnectOptions,
): Promise<ConnectLocationResult> {
  let status: InstallationStatus | undefined;
  try {
    const call = { signal: options.signal };
    const installation = await marketplace.getInstallation(locationId, call);
    if (installation === null) return { locationId, outcome: 'not-installed' };
    status = installation.status;
    if (status === 'active') return { locationId, outcome: 'already-active', status };
    if (status === 'freezed') return { locationId, outcome: 'frozen', status };
    if (status !== 'pending') {
      return { locationId, outcome: 'failed', status, error: unknownStatus(locationId, status) };
    }
    const [webhookUrls, apiKey, extras] = await Promise.all([
      resolve(options.webhookUrls, locationId),
      resolve(options.apiKey, locationId),
      resolve(options.activation, locationId),
    ]);
    const { outcome } = await marketplace[postActivation](
      {
        ...extras,
        locationId,
        ...(webhookUrls === undefined ? {} : { webhookUrls: [...webhookUrls] }),
        ...(apiKey === undefined ? {} : { apiKey }),
      },
      call,
    );
    return { locationId, outcome, status: 'active' };
  } catch (error) {
    // A refusal or a lost answer may hide a success (a concurrent connect, a dropped response): look again.
    if (status === 'pending') {
      const now = await marketplace
        .getInstallation(locationId, { signal: options.signal })
        .catch(() => undefined);
      if (now?.status === 'active') return { locationId, outcome: 'activated', status: 'active' };
    }
    return {
      locationId,
      outcome: 'failed',
      ...(status === undefined ? {} : { status }),
      error: asError(error),
    };
  }
}

/**
 * The "user clicked Connect" step: for each location, reads the installation, activates it when
 * `pending`, reports active and frozen ones as they are; then enables telephony when the redirect
 * carried a `crmToken` and at least one location is active. Safe to repeat; never throws for one
 * location's failure.
 *
 * @internal Called as `altegio.connect(redirect, options)`.
 */
export async function connect(
  resources: { marketplace: Marketplace; telephony: Pick<Telephony, 'enable'> },
  redirect: ConnectTarget,
  options: ConnectOptions = {},
): Promise<ConnectReport> {
  const { signal } = callOptions('connect', options);
  const { parseInput, connectTargetSchema } = await loadSchemas();
  const target = parseInput('connect', connectTargetSchema, redirect);
  const locations: ConnectLocationResult[] = [];
  // One after another: the limiter would serialise them anyway, and the order of the report is stable.
  for (const locationId of new Set(target.locationIds)) {
    locations.push(await connectLocation(resources.marketplace, locationId, options));
  }
  const anyActive = locations.some((l) => l.outcome === 'activated' || l.outcome === 'already-active');
  let telephony: ConnectTelephonyResult;
  if (target.crmToken === undefined) telephony = { outcome: 'not-requested' };
  else if (!anyActive) telephony = { outcome: 'skipped' };
  else {
    try {
      await resources.telephony.enable(target.crmToken, { signal });
      telephony = { outcome: 'enabled' };
    } catch (error) {
      telephony = { outcome: 'failed', error: asError(error) };
    }
  }
  const ok =
    locations.every((l) => l.outcome === 'activated' || l.outcome === 'already-active') &&
    (telephony.outcome === 'enabled' || telephony.outcome === 'not-requested');
  return { ok, locations, telephony };
}
