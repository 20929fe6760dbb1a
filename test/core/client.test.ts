import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, createAltegioClient, platforms } from 'altegio-marketplace';
import { isoDateTimeInput, marketplaceDateTimeInput } from '../../src/core/date-inputs';
import { formatIsoDateTime, formatMarketplaceDateTime } from '../../src/core/dates';
import { createRedactor, REDACTED } from '../../src/core/redact';
import { APPLICATION_ID, expectNoSecrets, PARTNER_TOKEN, USER_TOKEN } from '../helpers';

function configError(options: Parameters<typeof createAltegioClient>[0]): ConfigurationError {
  try {
    createAltegioClient(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('createAltegioClient options', () => {
  it('names the option and the env var of a missing token or application id', () => {
    const token = configError({ applicationId: 1, env: {} });
    expect(token.option).toBe('partnerToken');
    expect(token.message).toContain('ALTEGIO_PARTNER_TOKEN');
    const app = configError({ partnerToken: 'x', env: {} });
    expect(app.option).toBe('applicationId');
    expect(app.message).toContain('ALTEGIO_APPLICATION_ID');
  });

  it('falls back to the environment', () => {
    const client = createAltegioClient({
      env: {
        ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN,
        ALTEGIO_APPLICATION_ID: '77',
        ALTEGIO_API_BASE_URL: 'http://127.0.0.1:1/api/v1',
      },
    });
    expect(client.applicationId).toBe(77);
    expect(client.platform).toEqual({ ...platforms.altegio, apiBaseUrl: 'http://127.0.0.1:1/api/v1' });
    expect(client.timeZone).toBe('UTC');
  });

  it.each([
    [{ applicationId: 0 }, 'applicationId'],
    [{ applicationId: 1.5 }, 'applicationId'],
    [{ env: { ALTEGIO_APPLICATION_ID: 'abc' }, applicationId: undefined }, 'applicationId'],
    [{ timeout: -1 }, 'timeout'],
    [{ retry: -1 }, 'retry.limit'],
    [{ retry: 1.5 }, 'retry.limit'],
    [{ rateLimit: { perSecond: 0 } }, 'rateLimit.perSecond'],
    [{ rateLimit: 'fast' as never }, 'rateLimit'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ platform: 'altegi0' as never }, 'platform'],
    [{ platform: { appBaseUrl: 'ftp://x', apiBaseUrl: 'https://y', accept: 'a' } }, 'platform.appBaseUrl'],
    [{ fetch: 'no' as never }, 'fetch'],
    [{ userToken: ' ' }, 'userToken'],
  ])('rejects %o naming %s', (options, option) => {
    const error = configError({ partnerToken: PARTNER_TOKEN, applicationId: 1, env: {}, ...options });
    expect(error.option).toBe(option);
    expectNoSecrets(error.message);
  });

  it('does not mutate the options object', () => {
    const options = Object.freeze({
      partnerToken: PARTNER_TOKEN,
      applicationId: 1,
      retry: Object.freeze({ limit: 1 }),
      env: {},
    });
    expect(() => createAltegioClient(options)).not.toThrow();
  });

  it('shows no token in util.inspect of the client', () => {
    const client = createAltegioClient({
      partnerToken: PARTNER_TOKEN,
      userToken: USER_TOKEN,
      applicationId: APPLICATION_ID,
      env: {},
    });
    const text = inspect(client, { depth: 20, showHidden: true, getters: true });
    expectNoSecrets(text);
    expectNoSecrets(JSON.stringify(client));
  });
});

describe('dates', () => {
  const moment = new Date('2026-01-15T09:05:03.900Z');

  it('formats marketplace dates on the wall clock of the zone', () => {
    expect(formatMarketplaceDateTime(moment, 'UTC')).toBe('2026-01-15 09:05:03');
    expect(formatMarketplaceDateTime(moment, 'America/New_York')).toBe('2026-01-15 04:05:03');
    expect(formatMarketplaceDateTime(moment, 'Asia/Kolkata')).toBe('2026-01-15 14:35:03');
  });

  it('formats ISO dates with the offset in force', () => {
    expect(formatIsoDateTime(moment, 'UTC')).toBe('2026-01-15T09:05:03+00:00');
    expect(formatIsoDateTime(moment, 'America/New_York')).toBe('2026-01-15T04:05:03-05:00');
    expect(formatIsoDateTime(new Date('2026-07-15T09:05:03Z'), 'America/New_York')).toBe(
      '2026-07-15T05:05:03-04:00',
    );
    expect(formatIsoDateTime(moment, 'Asia/Kolkata')).toBe('2026-01-15T14:35:03+05:30');
  });

  it.each([
    '2026-02-30 10:00:00',
    '2026-01-01T10:00:00',
    '2026-01-01 24:00:00',
    '2026-1-1 10:00:00',
    '',
    'yesterday',
  ])('rejects the marketplace date %j', (value) =>
    expect(marketplaceDateTimeInput.safeParse(value).success).toBe(false),
  );

  it('accepts real marketplace and ISO strings and valid Dates only', () => {
    expect(marketplaceDateTimeInput.safeParse('2024-02-29 23:59:59').success).toBe(true);
    expect(marketplaceDateTimeInput.safeParse(new Date('nope')).success).toBe(false);
    expect(isoDateTimeInput.safeParse('2026-09-01T14:40:28-05:00').success).toBe(true);
    expect(isoDateTimeInput.safeParse('2026-09-01T14:40:28Z').success).toBe(true);
    expect(isoDateTimeInput.safeParse('2026-09-01 14:40:28').success).toBe(false);
  });
});

describe('redactor', () => {
  it('redacts secret values anywhere and credential-named keys', () => {
    const redact = createRedactor([PARTNER_TOKEN, undefined, 'ab']);
    expect(
      redact({
        a: `x ${PARTNER_TOKEN} y`,
        crm_token: 'anything',
        apiKey: 5,
        list: [PARTNER_TOKEN],
        short: 'ab',
        word: 'tab ab',
        n: null,
      }),
    ).toEqual({
      a: `x ${REDACTED} y`,
      crm_token: REDACTED,
      apiKey: REDACTED,
      list: [REDACTED],
      // A short secret is redacted where it stands alone, never inside another word.
      short: REDACTED,
      word: `tab ${REDACTED}`,
      n: null,
    });
  });
});

describe('review fixes: options', () => {
  it.each([
    [{ timeout: 3e9 }, 'timeout'],
    [{ retry: { maxDelay: 3e9 } }, 'retry.maxDelay'],
    [
      {
        platform: { appBaseUrl: 'https://a.example', apiBaseUrl: 'https://b.example', accept: 'bad\nvalue' },
      },
      'platform.accept',
    ],
    [{ logger: { debug: 'x' } as never }, 'logger'],
  ])('rejects %o naming %s', (options, option) => {
    const error = configError({ partnerToken: PARTNER_TOKEN, applicationId: 1, env: {}, ...options });
    expect(error.option).toBe(option);
  });
});
