import { createLifecycleBody } from 'altegio-marketplace/testing';
import {
  ConfigurationError,
  createEntityWebhookHandler,
  createLifecycleHandler,
  signWebhookUrl,
  verifyEntityEvent,
  verifyLifecycleEvent,
} from 'altegio-marketplace/webhooks';
import { describe, expect, it } from 'vitest';
import { isApplicationId, isCrmToken, isIdText, isLocationId, isPartnerToken } from '../../src/core/rules';
import {
  applicationIdSchema,
  crmTokenSchema,
  locationIdSchema,
  partnerTokenSchema,
} from '../../src/core/rules-zod';
import { applicationIdMini, crmTokenMini, locationIdMini, partnerTokenMini } from '../../src/core/rules-mini';
import { APPLICATION_ID, PARTNER_TOKEN } from '../helpers';

const SECRET = 'webhook-secret-0123456789abcdef';
const post = (body: unknown, url: string) =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('one set of input rules', () => {
  const cases: [string, (v: unknown) => boolean, unknown[], unknown[]][] = [
    ['partner token', isPartnerToken, ['t', ' t '], ['', '   ', '\n', 1, null, undefined]],
    ['application id', isApplicationId, [1, 123], [0, -1, 1.5, '1', Number.MAX_SAFE_INTEGER + 1, Number.NaN]],
    ['location id', isLocationId, [1, 456], [0, -5, 2.5, '456', null]],
    ['CRM token', isCrmToken, ['abc-123', 'x'.repeat(256)], ['', 'a b', 'x'.repeat(257), 5]],
    ['id text', isIdText, ['1', '456'], ['0', '007', '-1', '1.5', '99999999999999999', 5]],
  ];
  it.each(cases)('the %s predicate', (_name, predicate, good, bad) => {
    for (const value of good) expect(predicate(value)).toBe(true);
    for (const value of bad) expect(predicate(value)).toBe(false);
  });

  it('the zod and zod/mini schemas agree with the predicates', () => {
    const pairs = [
      [partnerTokenSchema, partnerTokenMini, isPartnerToken],
      [applicationIdSchema, applicationIdMini, isApplicationId],
      [locationIdSchema, locationIdMini, isLocationId],
      [crmTokenSchema, crmTokenMini, isCrmToken],
    ] as const;
    const values = ['', '   ', 'tok', 'a b', 0, 1, -1, 1.5, '7', null, undefined, {}];
    for (const [full, mini, predicate] of pairs) {
      for (const value of values) {
        expect(full.safeParse(value).success).toBe(predicate(value));
        expect(mini.safeParse(value).success).toBe(predicate(value));
      }
    }
  });
});

describe('webhook verifiers and handlers use the same rules as the client', () => {
  it.each(['', '   '])('refuses the partner token %o, as the client does', async (partnerToken) => {
    const options = { partnerToken, applicationId: APPLICATION_ID };
    expect(() => createLifecycleHandler(options)).toThrow(ConfigurationError);
    await expect(verifyLifecycleEvent('{}', options)).rejects.toBeInstanceOf(ConfigurationError);
  });

  it.each([0, -1, 1.5])('refuses the application id %o', async (applicationId) => {
    const options = { partnerToken: PARTNER_TOKEN, applicationId };
    expect(() => createLifecycleHandler(options)).toThrow(/positive integer/);
    await expect(verifyLifecycleEvent('{}', options)).rejects.toMatchObject({ option: 'applicationId' });
  });

  it('refuses a logger that is not an object when the handler is built', () => {
    const options = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID };
    expect(() => createLifecycleHandler({ ...options, logger: 'console' as never })).toThrow(
      ConfigurationError,
    );
  });
});

describe('data.company_id must name the signed location', () => {
  // `good` data is not typed, so only the location rule can refuse it.
  const body = (company_id: unknown, resource = 'good') => ({
    company_id: 123,
    resource,
    resource_id: 1,
    status: 'create',
    data: { id: 1, company_id },
  });

  it.each([[[999]], [[123]], [{ id: 123 }], [true], ['123abc'], [0], [''], [123.5]])(
    'refuses company_id %j on the URL signed for 123, and on() never runs',
    async (companyId) => {
      const url = await signWebhookUrl('https://vendor.example/hooks', { locationId: 123, secret: SECRET });
      await expect(verifyEntityEvent(body(companyId), { secret: SECRET, url })).rejects.toMatchObject({
        reason: 'location-mismatch',
      });
      let calls = 0;
      const handler = createEntityWebhookHandler({ secret: SECRET, on: () => void calls++ });
      const response = await handler(post(body(companyId), url));
      expect(response.status).toBe(401);
      expect(calls).toBe(0);
    },
  );

  it('refuses a malformed company_id in typed data too (record)', async () => {
    const url = await signWebhookUrl('https://vendor.example/hooks', { locationId: 123, secret: SECRET });
    for (const companyId of [[999], [123], { id: 123 }, 'x']) {
      await expect(
        verifyEntityEvent(body(companyId, 'record'), { secret: SECRET, url }),
      ).rejects.toMatchObject({
        name: 'WebhookVerificationError',
      });
    }
    await expect(verifyEntityEvent(body(999, 'record'), { secret: SECRET, url })).rejects.toMatchObject({
      reason: 'location-mismatch',
    });
  });

  it('accepts the signed location as a number or its digits', async () => {
    const url = await signWebhookUrl('https://vendor.example/hooks', { locationId: 123, secret: SECRET });
    for (const companyId of [123, '123', null, undefined]) {
      await expect(verifyEntityEvent(body(companyId), { secret: SECRET, url })).resolves.toMatchObject({
        locationId: 123,
      });
    }
  });
});

describe('handlers log through the injected logger', () => {
  it('reports a failed callback and an unknown event to the logger, not to console', async () => {
    const records: [string, string, unknown][] = [];
    const logger = {
      warn: (message: string, data?: unknown) => records.push(['warn', message, data]),
      error: (message: string, data?: unknown) => records.push(['error', message, data]),
    };
    const original = { warn: console.warn, error: console.error };
    const consoleCalls: unknown[] = [];
    console.warn = (...args: unknown[]) => consoleCalls.push(args);
    console.error = (...args: unknown[]) => consoleCalls.push(args);
    try {
      const handler = createLifecycleHandler({
        partnerToken: PARTNER_TOKEN,
        applicationId: APPLICATION_ID,
        logger,
        onFreeze: () => {
          throw new Error('db down');
        },
      });
      const url = 'https://vendor.example/callback';
      const unknown = createLifecycleBody({
        partnerToken: PARTNER_TOKEN,
        applicationId: APPLICATION_ID,
        locationId: 5,
        event: 'reinstall' as never,
      });
      expect(
        (
          await handler(
            new Request(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: unknown,
            }),
          )
        ).status,
      ).toBe(200);
      const freeze = createLifecycleBody({
        partnerToken: PARTNER_TOKEN,
        applicationId: APPLICATION_ID,
        locationId: 5,
        event: 'freeze',
      });
      expect(
        (
          await handler(
            new Request(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: freeze,
            }),
          )
        ).status,
      ).toBe(500);
    } finally {
      Object.assign(console, original);
    }
    expect(consoleCalls).toEqual([]);
    expect(records.map(([level]) => level)).toEqual(['warn', 'error']);
    expect(records[0]?.[2]).toEqual({ name: 'reinstall', locationId: 5 });
    expect(JSON.stringify(records)).not.toContain(PARTNER_TOKEN);
  });
});
