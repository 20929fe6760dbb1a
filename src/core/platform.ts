import { ConfigurationError } from '../errors/configuration-error';
import { DEFAULTS } from './defaults';

/** Hosts and media type of one Altegio deployment. */
export interface PlatformConfig {
  /** Host of the partner endpoints (`/marketplace/partner/*`, `/marketplace/salon/*`), no trailing slash. */
  readonly appBaseUrl: string;
  /** Base of the REST API v1 (`/voip/*`, `/hooks_settings/*`, dictionaries), no trailing slash. */
  readonly apiBaseUrl: string;
  /**
   * Base of the four application endpoints (`/marketplace/application/tariffs`, `add_discount`,
   * `payment_link`, `update_channel`), no trailing slash. Altegio's spec puts them under the REST API
   * (`https://api.alteg.io/api/v1`); Altegio's own integrations hub, verified against its back end, sends
   * them to the partner host (`https://app.alteg.io`). The SDK follows the hub. Set this (or
   * `ALTEGIO_APPLICATION_BASE_URL`) to move only this group; VoIP and the partner calls stay put.
   * @default appBaseUrl
   */
  readonly applicationBaseUrl?: string | undefined;
  /** The `Accept` header Altegio requires on every call. */
  readonly accept: string;
}

/** Built-in presets: Altegio (international) and YCLIENTS (its Russian-language brand). */
export type PlatformName = 'altegio' | 'yclients';

/** The hosts and media types of the two brands. */
export const platforms: Readonly<Record<PlatformName, PlatformConfig>> = Object.freeze({
  altegio: Object.freeze({
    appBaseUrl: 'https://app.alteg.io',
    apiBaseUrl: 'https://api.alteg.io/api/v1',
    applicationBaseUrl: 'https://app.alteg.io',
    accept: 'application/vnd.api.v2+json',
  }),
  yclients: Object.freeze({
    appBaseUrl: 'https://api.yclients.com',
    apiBaseUrl: 'https://api.yclients.com/api/v1',
    applicationBaseUrl: 'https://api.yclients.com',
    accept: 'application/vnd.yclients.v2+json',
  }),
});

function isHeaderValue(value: string): boolean {
  try {
    new Headers({ accept: value });
    return true;
  } catch {
    return false;
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

function checkUrl(option: string, value: unknown, envName?: string): string {
  const from = envName ? `the ${envName} environment variable` : `\`${option}\``;
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new ConfigurationError(
      option,
      `${from} must be an absolute http(s) URL, e.g. "https://app.alteg.io".`,
    );
  }
  return trimSlash(value);
}

/**
 * Resolves the `platform` option. A preset name may be overridden by `ALTEGIO_APP_BASE_URL`,
 * `ALTEGIO_API_BASE_URL` and `ALTEGIO_APPLICATION_BASE_URL` (to point an unchanged backend at a fake);
 * an explicit object wins over all three. `applicationBaseUrl` left out follows `appBaseUrl`.
 */
export function resolvePlatform(
  platform: PlatformName | PlatformConfig | undefined,
  env: Readonly<Record<string, string | undefined>>,
): PlatformConfig & { readonly applicationBaseUrl: string } {
  if (typeof platform === 'object' && platform !== null) {
    if (typeof platform.accept !== 'string' || platform.accept === '' || !isHeaderValue(platform.accept)) {
      throw new ConfigurationError(
        'platform.accept',
        '`platform.accept` must be the Accept media type, e.g. "application/vnd.api.v2+json".',
      );
    }
    const appBaseUrl = checkUrl('platform.appBaseUrl', platform.appBaseUrl);
    return Object.freeze({
      appBaseUrl,
      apiBaseUrl: checkUrl('platform.apiBaseUrl', platform.apiBaseUrl),
      applicationBaseUrl:
        platform.applicationBaseUrl === undefined
          ? appBaseUrl
          : checkUrl('platform.applicationBaseUrl', platform.applicationBaseUrl),
      accept: platform.accept,
    });
  }
  const name = platform ?? DEFAULTS.platform;
  const preset = Object.hasOwn(platforms, name) ? platforms[name] : undefined;
  if (!preset) {
    throw new ConfigurationError(
      'platform',
      '`platform` must be "altegio", "yclients" or { appBaseUrl, apiBaseUrl, applicationBaseUrl?, accept }.',
    );
  }
  const app = env.ALTEGIO_APP_BASE_URL;
  const api = env.ALTEGIO_API_BASE_URL;
  const application = env.ALTEGIO_APPLICATION_BASE_URL;
  const appBaseUrl = app ? checkUrl('platform', app, 'ALTEGIO_APP_BASE_URL') : preset.appBaseUrl;
  return Object.freeze({
    appBaseUrl,
    apiBaseUrl: api ? checkUrl('platform', api, 'ALTEGIO_API_BASE_URL') : preset.apiBaseUrl,
    // A moved partner host (e.g. a fake) takes the application group with it unless that is set too.
    applicationBaseUrl: application
      ? checkUrl('platform', application, 'ALTEGIO_APPLICATION_BASE_URL')
      : app
        ? appBaseUrl
        : (preset.applicationBaseUrl ?? preset.appBaseUrl),
    accept: preset.accept,
  });
}
