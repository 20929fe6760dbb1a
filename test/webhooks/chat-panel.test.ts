import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import {
  ConfigurationError,
  verifyChatPanelUrl,
  WebhookVerificationError,
} from 'altegio-marketplace/webhooks';
import { describe, expect, it } from 'vitest';
import { PARTNER_TOKEN } from '../helpers';

const BASE = 'https://vendor.example/frame/chat';
// Computed with node:crypto, independently of the SDK's Web Crypto code.
const hashOf = (locationId: number | string, token = PARTNER_TOKEN) =>
  createHash('sha1').update(`${locationId}${token}`).digest('hex');
const options = { partnerToken: PARTNER_TOKEN };

async function reason(url: unknown, opts: object = options): Promise<string> {
  const error = await verifyChatPanelUrl(url as string, opts as never).then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  expect(inspect(error, { depth: 5 })).not.toContain(PARTNER_TOKEN);
  return (error as WebhookVerificationError).reason;
}

describe('verifyChatPanelUrl', () => {
  it('verifies hash = sha1(salon_id + partner_token) and reads the unsigned fields', async () => {
    const url = `${BASE}?salon_id=4564&hash=${hashOf(4564)}&entity_type=record&user_id=77&lang_id=2&phone=15550100`;
    await expect(verifyChatPanelUrl(url, options)).resolves.toStrictEqual({
      locationId: 4564,
      userId: 77,
      langId: 2,
      phone: '15550100',
      entityType: 'record',
    });
    await expect(verifyChatPanelUrl(new URL(url), options)).resolves.toMatchObject({ locationId: 4564 });
    await expect(verifyChatPanelUrl(new URL(url).searchParams, options)).resolves.toMatchObject({
      userId: 77,
    });
  });

  it('accepts an upper-case hash and leaves the optional fields undefined', async () => {
    await expect(
      verifyChatPanelUrl(`${BASE}?salon_id=1&hash=${hashOf(1).toUpperCase()}`, options),
    ).resolves.toStrictEqual({
      locationId: 1,
      userId: undefined,
      langId: undefined,
      phone: undefined,
      entityType: undefined,
    });
  });

  it.each([
    ['a wrong hash', `${BASE}?salon_id=1&hash=${'0'.repeat(40)}`, 'invalid-sign'],
    ['the hash of another location', `${BASE}?salon_id=2&hash=${hashOf(1)}`, 'invalid-sign'],
    ['a hash made with another token', `${BASE}?salon_id=1&hash=${hashOf(1, 'other-token')}`, 'invalid-sign'],
    ['a short hash', `${BASE}?salon_id=1&hash=abc`, 'invalid-sign'],
    ['no hash', `${BASE}?salon_id=1`, 'malformed-body'],
    ['no salon_id', `${BASE}?hash=${hashOf(1)}`, 'malformed-body'],
    ['a non-numeric salon_id', `${BASE}?salon_id=abc&hash=${hashOf('abc')}`, 'malformed-body'],
    ['a repeated salon_id', `${BASE}?salon_id=1&salon_id=2&hash=${hashOf(1)}`, 'malformed-body'],
    ['a garbage user_id', `${BASE}?salon_id=1&hash=${hashOf(1)}&user_id=x`, 'malformed-body'],
    ['a non-URL input', 42, 'malformed-body'],
  ])('refuses %s with %s', async (_label, url, expected) => {
    expect(await reason(url)).toBe(expected);
  });

  it('needs the partner token', async () => {
    await expect(
      verifyChatPanelUrl(`${BASE}?salon_id=1&hash=x`, { partnerToken: '' }),
    ).rejects.toBeInstanceOf(ConfigurationError);
  });
});
