// verifyChatPanelUrl reads the query like parseConnectRedirect: raw (a `+` stays a `+`), a bare query
// too, and the hash over the salon_id text as sent.
import { createHash } from 'node:crypto';
import {
  ConfigurationError,
  verifyChatPanelUrl,
  type WebhookVerificationError,
} from 'altegio-marketplace/webhooks';
import { describe, expect, it } from 'vitest';
import { PARTNER_TOKEN } from '../helpers';

const BASE = 'https://vendor.example/frame/chat';
const hashOf = (text: string) => createHash('sha1').update(`${text}${PARTNER_TOKEN}`).digest('hex');
const options = { partnerToken: PARTNER_TOKEN };
const refusal = (url: string | URLSearchParams) =>
  verifyChatPanelUrl(url, options).then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as WebhookVerificationError,
  );

describe('verifyChatPanelUrl reads the raw query', () => {
  it('keeps a + in phone, from a URL string and from a URL', async () => {
    const url = `${BASE}?salon_id=4564&hash=${hashOf('4564')}&phone=+15550100`;
    await expect(verifyChatPanelUrl(url, options)).resolves.toMatchObject({ phone: '+15550100' });
    await expect(verifyChatPanelUrl(new URL(url), options)).resolves.toMatchObject({ phone: '+15550100' });
    const escaped = `${BASE}?salon_id=4564&hash=${hashOf('4564')}&phone=%2B15550100`;
    await expect(verifyChatPanelUrl(escaped, options)).resolves.toMatchObject({ phone: '+15550100' });
  });

  it('reads back the + a URLSearchParams turned into a leading space', async () => {
    const params = new URLSearchParams(`salon_id=4564&hash=${hashOf('4564')}&phone=+15550100`);
    await expect(verifyChatPanelUrl(params, options)).resolves.toMatchObject({ phone: '+15550100' });
  });

  it('accepts a bare query string, as parseConnectRedirect does', async () => {
    await expect(
      verifyChatPanelUrl(`salon_id=4564&hash=${hashOf('4564')}&user_id=7`, options),
    ).resolves.toMatchObject({ locationId: 4564, userId: 7 });
    await expect(verifyChatPanelUrl(`?salon_id=4564&hash=${hashOf('4564')}`, options)).resolves.toMatchObject(
      {
        locationId: 4564,
      },
    );
  });

  it('does not verify salon_id=0123 with the hash of "123", nor with the hash of "0123"', async () => {
    expect((await refusal(`${BASE}?salon_id=0123&hash=${hashOf('123')}`)).reason).toBe('malformed-body');
    expect((await refusal(`${BASE}?salon_id=0123&hash=${hashOf('0123')}`)).reason).toBe('malformed-body');
  });

  it('refuses a malformed percent-escape and a zero or signed id as malformed-body', async () => {
    expect((await refusal(`${BASE}?salon_id=1&hash=${hashOf('1')}&phone=%E0%A4%A`)).reason).toBe(
      'malformed-body',
    );
    expect((await refusal(`${BASE}?salon_id=0&hash=${hashOf('0')}`)).reason).toBe('malformed-body');
    expect((await refusal(`${BASE}?salon_id=1&hash=${hashOf('1')}&user_id=0`)).reason).toBe('malformed-body');
    expect((await refusal(`${BASE}?salon_id=+1&hash=${hashOf('+1')}`)).reason).toBe('malformed-body');
  });

  it('refuses a blank partner token with the shared token rule', async () => {
    await expect(
      verifyChatPanelUrl(`${BASE}?salon_id=1&hash=${hashOf('1')}`, { partnerToken: '   ' }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    await expect(
      verifyChatPanelUrl(`${BASE}?salon_id=1&hash=${hashOf('1')}`, { partnerToken: 5 as never }),
    ).rejects.toBeInstanceOf(ConfigurationError);
  });
});
