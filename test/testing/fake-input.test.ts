// Bad input to every public method of the fake: a ConfigurationError that names the argument, no
// secret in the message, and no state changed by a refused call.
import { ConfigurationError, isAltegioError } from 'altegio-marketplace';
import * as testing from 'altegio-marketplace/testing';
import { createFakeAltegio, type FakeAltegio } from 'altegio-marketplace/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, CRM_TOKEN, expectNoSecrets, PARTNER_TOKEN, USER_TOKEN } from '../helpers';

const REGISTRATION = 'https://vendor.example/altegio/connect';

/** Runs `run` and returns the ConfigurationError it threw (or rejected with). */
async function configError(run: () => unknown): Promise<ConfigurationError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(isAltegioError(error)).toBe(true);
    const failure = error as ConfigurationError;
    expectNoSecrets(`${failure.message} ${failure.option}`);
    return failure;
  }
  throw new Error('expected a ConfigurationError, nothing was thrown');
}

const base = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID };

describe('createFakeAltegio refuses bad options with a ConfigurationError', () => {
  it.each([
    ['options', undefined],
    ['options', 'partner-token'],
    ['partnerToken', { applicationId: APPLICATION_ID }],
    ['partnerToken', { ...base, partnerToken: '   ' }],
    ['applicationId', { ...base, applicationId: '123' }],
    ['applicationId', { ...base, applicationId: -1 }],
    ['userToken', { ...base, userToken: '' }],
    ['callbackUrl', { ...base, callbackUrl: 'not a url' }],
    ['appBaseUrl', { ...base, appBaseUrl: 'app.alteg.io' }],
    ['apiBaseUrl', { ...base, apiBaseUrl: 42 }],
    ['accept', { ...base, accept: '' }],
    ['now', { ...base, now: new Date() }],
    ['fetch', { ...base, fetch: 'fetch' }],
    ['activationWindowMs', { ...base, activationWindowMs: -1 }],
    ['activationWindowMs', { ...base, activationWindowMs: Number.NaN }],
    ['rateLimit', { ...base, rateLimit: true }],
    ['rateLimit.perSecond', { ...base, rateLimit: { perSecond: 0 } }],
    ['rateLimit.perMinute', { ...base, rateLimit: { perMinute: 2.5 } }],
    ['tariffs', { ...base, tariffs: {} }],
  ])('names `%s`', async (option, options) => {
    const error = await configError(() => createFakeAltegio(options as never));
    expect(error.option).toBe(option);
    expect(error.message).toContain(
      option === 'options' ? 'createFakeAltegio takes an options object' : option,
    );
  });

  it('never echoes a token it refuses', async () => {
    const error = await configError(() =>
      createFakeAltegio({ ...base, applicationId: 0, userToken: USER_TOKEN }),
    );
    expect(error.message).toBe(
      'createFakeAltegio: `applicationId` expected a positive integer application id.',
    );
  });

  it('does not export the class beside its factory', () => {
    expect(Object.keys(testing)).not.toContain('FakeAltegio');
    expect(typeof testing.createFakeAltegio).toBe('function');
  });
});

describe('the fake refuses bad arguments to its methods', () => {
  let fake: FakeAltegio;

  beforeEach(() => {
    fake = createFakeAltegio({ ...base, rateLimit: false, now: () => new Date('2026-03-01T10:00:00Z') });
  });

  it('grantAccess({ locationId }) says that it wants locationIds, and grants nothing', async () => {
    const error = await configError(() =>
      fake.grantAccess({ locationId: 456, registrationUrl: REGISTRATION } as never),
    );
    expect(error.option).toBe('locationIds');
    expect(error.message).toContain('wants `locationIds` (an array), not `locationId`');
    expect(error.message).not.toMatch(/iterable/);
    expect(fake.installation(456)).toBeUndefined();
  });

  it.each([
    ['options', undefined],
    ['locationIds', { registrationUrl: REGISTRATION }],
    ['locationIds', { locationIds: [], registrationUrl: REGISTRATION }],
    ['locationIds', { locationIds: ['456'], registrationUrl: REGISTRATION }],
    ['locationIds', { locationIds: 456, registrationUrl: REGISTRATION }],
    ['chainId', { locationIds: [456], chainId: 0, registrationUrl: REGISTRATION }],
    ['crmToken', { locationIds: [456], crmToken: 'has spaces', registrationUrl: REGISTRATION }],
    ['registrationUrl', { locationIds: [456] }],
    ['registrationUrl', { locationIds: [456], registrationUrl: '/relative' }],
    ['locationForm', { locationIds: [456, 789], locationForm: 'single', registrationUrl: REGISTRATION }],
    ['locationForm', { locationIds: [456], locationForm: 'json', registrationUrl: REGISTRATION }],
  ])('grantAccess names `%s` and leaves the state as it was', async (option, options) => {
    const error = await configError(() => fake.grantAccess(options as never));
    expect(error.option).toBe(option);
    expect(fake.installation(456)).toBeUndefined();
    expect(fake.installation(789)).toBeUndefined();
  });

  it.each([
    ['options', undefined],
    ['locationId', { locationId: '456' }],
    ['status', { locationId: 456, status: 'uninstalled' }],
    ['chainId', { locationId: 456, chainId: -3 }],
    ['crmToken', { locationId: 456, crmToken: '' }],
    ['telephonyEnabled', { locationId: 456, crmToken: CRM_TOKEN, telephonyEnabled: 'yes' }],
  ])('addInstallation names `%s` and adds nothing', async (option, options) => {
    const error = await configError(() => fake.addInstallation(options as never));
    expect(error.option).toBe(option);
    expect(fake.installation(456)).toBeUndefined();
  });

  it('disconnect and freeze want a location id, and send nothing', async () => {
    fake.callbackUrl = 'http://127.0.0.1:9/callback';
    expect((await configError(() => fake.disconnect('456' as never))).option).toBe('locationId');
    expect((await configError(() => fake.freeze(0))).option).toBe('locationId');
    expect(fake.webhooks).toEqual([]);
  });

  it.each([
    ['locationId', 1.5, { amount: 10 }],
    ['options', 456, undefined],
    ['amount', 456, { amount: Number.NaN }],
    ['amount', 456, { amount: '10' }],
    ['discount', 456, { amount: 10, discount: Number.POSITIVE_INFINITY }],
    ['tariffOptionId', 456, { amount: 10, tariffOptionId: 0 }],
    ['currencyIso', 456, { amount: 10, currencyIso: 840 }],
    ['periodTo', 456, { amount: 10, periodTo: new Date() }],
  ])('pay names `%s` and records no payment', async (option, locationId, options) => {
    fake.addInstallation({ locationId: 456 });
    const error = await configError(() => fake.pay(locationId as never, options as never));
    expect(error.option).toBe(option);
    expect(fake.payments()).toEqual([]);
  });

  it.each([
    ['count', 0, { status: 500 }, undefined],
    ['fault', 1, undefined, undefined],
    ['fault', 1, {}, undefined],
    ['fault', 1, { status: 99 }, undefined],
    ['fault', 1, { status: 500.5 }, undefined],
    ['fault', 1, { html: true, status: 700 }, undefined],
    ['fault', 1, { delayMs: -5 }, undefined],
    ['fault', 1, { drop: 'before' }, undefined],
    ['fault', 1, { successFalse: 'yes' }, undefined],
    ['filter', 1, { status: 500 }, 'POST'],
    ['filter.path', 1, { status: 500 }, { path: 42 }],
    ['filter.method', 1, { status: 500 }, { method: 'PUT' }],
  ])('failNext names `%s` and queues nothing', async (option, count, fault, filter) => {
    const error = await configError(() => fake.failNext(count, fault as never, filter as never));
    expect(error.option).toBe(option);
    const answer = await fake.handle(
      new Request('https://app.alteg.io/marketplace/partner/payment', { method: 'POST' }),
    );
    expect(answer.status).toBe(401); // the normal answer to a call without a token, not a fault
  });

  it('advanceTime wants a finite, non-negative number of milliseconds', async () => {
    const before = fake.now().getTime();
    for (const ms of [Number.NaN, -1, '1000', Number.POSITIVE_INFINITY]) {
      expect((await configError(() => fake.advanceTime(ms as never))).option).toBe('ms');
    }
    expect(fake.now().getTime()).toBe(before);
  });

  it('the read methods want a location id or a CRM token string', async () => {
    expect((await configError(() => fake.installation('456' as never))).message).toBe(
      'installation: `locationId` expected a positive integer location id.',
    );
    expect((await configError(() => fake.payments(0))).option).toBe('locationId');
    expect((await configError(() => fake.frames(-1))).option).toBe('locationId');
    expect((await configError(() => fake.webhookSettings(1.5))).option).toBe('locationId');
    expect((await configError(() => fake.telephony(undefined as never))).option).toBe('crmToken');
    expect(fake.payments()).toEqual([]);
  });

  it('setWebhookSettings wants { urls: string[], active: 0 | 1 }, and keeps the old settings', async () => {
    fake.setWebhookSettings(456, { urls: ['https://other-app.example/hooks'], active: 1 });
    expect((await configError(() => fake.setWebhookSettings(456, undefined as never))).option).toBe(
      'settings',
    );
    expect(
      (await configError(() => fake.setWebhookSettings(456, { urls: 'x', active: 1 } as never))).option,
    ).toBe('settings.urls');
    expect(
      (await configError(() => fake.setWebhookSettings(456, { urls: [], active: true } as never))).option,
    ).toBe('settings.active');
    expect(fake.webhookSettings(456).urls).toEqual(['https://other-app.example/hooks']);
  });

  it('listen wants a port from 0 to 65535', async () => {
    for (const port of [-1, 65_536, 80.5, '8080']) {
      expect((await configError(() => fake.listen({ port: port as never }))).option).toBe('port');
    }
  });

  it('handle wants a Web Request', async () => {
    const error = await configError(() => fake.handle('https://app.alteg.io/marketplace' as never));
    expect(error.option).toBe('request');
    expect(fake.requests).toEqual([]);
  });
});

describe('the signers refuse bad input with a ConfigurationError', () => {
  const payment = { ...base, locationId: 456, paymentId: 1001 };

  it('createPaymentBody and createPaymentSign name a number that is not JSON number text', async () => {
    const body = await configError(() => testing.createPaymentBody({ ...payment, amount: '10,50' }));
    expect(body.option).toBe('amount');
    const sign = await configError(() =>
      testing.createPaymentSign({ ...payment, amount: 10, discount: 'ten' }),
    );
    expect(sign.option).toBe('discount');
  });

  it('signUserData and buildConnectRedirectUrl refuse a blank partner token', async () => {
    const user = { userId: 1, name: 'Ann Lee' };
    expect((await configError(() => testing.signUserData(user, { partnerToken: '  ' }))).option).toBe(
      'partnerToken',
    );
    const url = await configError(() =>
      testing.buildConnectRedirectUrl(REGISTRATION, { locationIds: [456], user, partnerToken: ' ' }),
    );
    expect(url.option).toBe('partnerToken');
  });
});

describe('the fake checks request bodies with the SDK rules', () => {
  it('answers 422 naming salon_id, application_id and crm_token with the rules messages', async () => {
    const fake = createFakeAltegio({ ...base, rateLimit: false });
    const post = (path: string, body: unknown) =>
      fake.handle(
        new Request(`https://${path.startsWith('/voip') ? 'api.alteg.io/api/v1' : 'app.alteg.io'}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${PARTNER_TOKEN}`,
            accept: 'application/vnd.api.v2+json',
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        }),
      );
    const payment = await post('/marketplace/partner/payment', {
      salon_id: 0,
      application_id: '123',
      currency_iso: 'USD',
      payment_sum: 1,
      payment_date: '2026-03-01 10:00:00',
      period_from: '2026-03-01 10:00:00',
      period_to: '2026-04-01 10:00:00',
    });
    expect(payment.status).toBe(422);
    expect((await payment.json()).meta.errors).toEqual([
      { field: 'salon_id', message: 'expected a positive integer location id' },
      { field: 'application_id', message: 'expected a positive integer application id' },
    ]);
    const voip = await post('/voip/integration', { command: 'setup', type: 'enable', crm_token: 'a b' });
    expect(voip.status).toBe(422);
    expect((await voip.json()).meta.errors).toEqual([
      { field: 'crm_token', message: 'expected the chain CRM token: 1 to 256 characters without spaces' },
    ]);
  });
});
