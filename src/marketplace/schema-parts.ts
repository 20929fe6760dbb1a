import * as z from 'zod/mini';
import { isValidTimeZone } from '../core/dates';

// The pieces the marketplace schemas share. Schema and type names follow the scheme written at the top
// of src/core/wire.ts.

/**
 * Where a link between a location and your app stands (`connection_status.status`): `pending` (granted,
 * waiting for your activation), `active`, `freezed` (sic: frozen for non-payment). Open for values
 * Altegio may add.
 */
export type InstallationStatus = 'pending' | 'active' | 'freezed' | (string & {});

/** @internal An installation status: any string, read as {@link InstallationStatus}. */
export const installationStatus = z.custom<InstallationStatus>(
  (value) => typeof value === 'string',
  'Expected a status string',
);

/** @internal An entity webhook URL of the settings: absolute http(s). */
export const webhookUrl = z
  .string()
  .check(
    z.refine(
      (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
      'Expected an absolute http(s) URL',
    ),
  );

/** @internal An absolute https URL (chat panel, tips). */
export const httpsUrl = z
  .string()
  .check(
    z.refine(
      (value: string) => URL.canParse(value) && new URL(value).protocol === 'https:',
      'Expected an absolute https URL',
    ),
  );

/** Altegio's limit of webhook URLs per location. */
export const MAX_WEBHOOK_URLS = 10;

/** The message of every "too many webhook URLs" refusal. */
export const TOO_MANY_WEBHOOK_URLS = `Altegio keeps at most ${MAX_WEBHOOK_URLS} webhook URLs per location`;

/** Hosts an activation webhook URL may reach over plain http: this machine, for local rehearsal only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * An activation webhook URL: https, as Altegio's own hub requires for `webhook_urls`; plain http only
 * for a loopback host (`127.0.0.1`, `localhost`, `[::1]`), so a local rehearsal against the fake works.
 */
export const activationWebhookUrl = z.string().check(
  z.refine((value: string) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }, 'Expected an absolute https URL (plain http only for 127.0.0.1, localhost or [::1], to rehearse locally)'),
);

/** An IANA zone that overrides the client's `timeZone` for one call. */
export const timeZone = z.optional(
  z.string().check(z.refine(isValidTimeZone, 'Expected an IANA time zone name, e.g. "America/New_York"')),
);

/** A sum of money: finite and not negative. */
export const money = z.number().check(z.nonnegative());
