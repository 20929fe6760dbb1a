import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import {
  ConfigurationError,
  ConnectRedirectError,
  type ConnectRedirectErrorReason,
  parseConnectRedirect,
} from 'altegio-marketplace';
import { buildConnectRedirectUrl, signUserData } from 'altegio-marketplace/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRM_TOKEN, expectNoSecrets, PARTNER_TOKEN } from '../helpers';

const BASE = 'https://vendor.example/altegio/connect';
const options = { partnerToken: PARTNER_TOKEN };
// Its base64 contains a `+`, the character form decoders turn into a space.
const user = { userId: 5, name: 'Ann-Maria ~ Smith', email: 'x@example.com', phone: '15550100' };
const expectedUser = {
  userId: 5,
  name: 'Ann-Maria ~ Smith',
  email: 'x@example.com',
  phone: '15550100',
  isApproved: undefined,
  avatar: undefined,
  locationName: undefined,
};

async function reason(input: unknown, opts: object = options): Promise<ConnectRedirectErrorReason> {
  const error = await parseConnectRedirect(input as string, opts).then(
    () => {
      throw new Error('expected a ConnectRedirectError');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectRedirectError);
  expectNoSecrets(inspect(error, { depth: 10 }));
  return (error as ConnectRedirectError).reason;
}

describe('parseConnectRedirect: locations, chain and CRM token', () => {
  it('reads a single-location redirect (salon_id)', async () => {
    await expect(parseConnectRedirect(`${BASE}?salon_id=123`, options)).resolves.toStrictEqual({
      locationIds: [123],
    });
  });

  it("reads the telephony example of Altegio's knowledge base verbatim", async () => {
    const url =
      'http://yoursite.com/registraciya?salon_group_id=123&crm_token=asdasd-asda-asdd-asdd&salon_ids[]=4564&salon_ids[]=4232';
    await expect(parseConnectRedirect(url, options)).resolves.toStrictEqual({
      locationIds: [4564, 4232],
      chainId: 123,
      crmToken: 'asdasd-asda-asdd-asdd',
    });
  });

  it.each([
    ['percent-encoded brackets', 'salon_ids%5B%5D=1&salon_ids%5B%5D=2'],
    ['bracket-less salon_ids', 'salon_ids=1&salon_ids=2'],
    ['indexed brackets', 'salon_ids[0]=1&salon_ids[1]=2'],
    ['comma-separated salon_ids (the multi-location grant)', 'salon_ids=1,2'],
    ['a percent-encoded comma', 'salon_ids=1%2C2'],
    ['commas inside salon_ids[]', 'salon_ids[]=1,2&salon_ids[]=2'],
    ['a comma list in salon_id', 'salon_id=1,2'],
    [
      'salon_id together with salon_ids[], deduplicated',
      'salon_id=1&salon_ids[]=1&salon_ids[]=2&salon_ids[]=2',
    ],
  ])('reads %s', async (_label, query) => {
    await expect(parseConnectRedirect(`${BASE}?${query}`, options)).resolves.toStrictEqual({
      locationIds: [1, 2],
    });
  });

  it.each([
    ['a URL object', new URL(`${BASE}?salon_id=9#top`)],
    ['URLSearchParams', new URLSearchParams('salon_id=9')],
    ['a path with a query (req.originalUrl)', '/altegio/connect?salon_id=9'],
    ['a bare query', 'salon_id=9'],
  ])('accepts %s', async (_label, input) => {
    await expect(parseConnectRedirect(input, options)).resolves.toStrictEqual({ locationIds: [9] });
  });

  it('reads the partner token from ALTEGIO_PARTNER_TOKEN, and says which option is missing', async () => {
    const url = await buildConnectRedirectUrl(BASE, { locationIds: [1], user, partnerToken: PARTNER_TOKEN });
    await expect(
      parseConnectRedirect(url, { env: { ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN } }),
    ).resolves.toMatchObject({
      user: expectedUser,
    });
    const error = await parseConnectRedirect(url, { env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/ALTEGIO_PARTNER_TOKEN/);
  });

  it.each([
    ['no location at all', `${BASE}`, 'missing-location'],
    ['only other parameters', `${BASE}?foo=bar&crm_token=x`, 'missing-location'],
    ['a non-numeric id', `${BASE}?salon_id=abc`, 'invalid-location'],
    ['id 0', `${BASE}?salon_id=0`, 'invalid-location'],
    ['a negative id', `${BASE}?salon_id=-1`, 'invalid-location'],
    ['a fractional id', `${BASE}?salon_id=1.5`, 'invalid-location'],
    ['an id beyond 2^53', `${BASE}?salon_id=99999999999999999999`, 'invalid-location'],
    ['an id with a leading zero (the one id rule: isIdText)', `${BASE}?salon_id=0456`, 'invalid-location'],
    ['a chain id with a leading zero', `${BASE}?salon_id=1&salon_group_id=077`, 'invalid-chain'],
    [
      'a crm token over 256 characters',
      `${BASE}?salon_id=1&crm_token=${'a'.repeat(257)}`,
      'invalid-crm-token',
    ],
    ['an empty id', `${BASE}?salon_id=`, 'invalid-location'],
    ['an unreplaced placeholder', `${BASE}?salon_id={location_id}`, 'invalid-location'],
    ['one bad id among good ones', `${BASE}?salon_ids[]=1&salon_ids[]=x`, 'invalid-location'],
    ['a trailing comma', `${BASE}?salon_ids=4564,`, 'invalid-location'],
    ['an empty item in a comma list', `${BASE}?salon_ids=4564,,4232`, 'invalid-location'],
    ['a non-numeric item in a comma list', `${BASE}?salon_ids=4564,abc`, 'invalid-location'],
    ['a negative item in a comma list', `${BASE}?salon_ids=4564,-1`, 'invalid-location'],
    ['a non-numeric chain', `${BASE}?salon_id=1&salon_group_id=abc`, 'invalid-chain'],
    ['a CRM token with a space', `${BASE}?salon_id=1&crm_token=a%20b`, 'invalid-crm-token'],
    ['an empty CRM token', `${BASE}?salon_id=1&crm_token=`, 'invalid-crm-token'],
    ['two different CRM tokens', `${BASE}?salon_id=1&crm_token=a&crm_token=b`, 'invalid-input'],
    ['a malformed percent-escape', `${BASE}?salon_id=%E0%A4%A`, 'invalid-input'],
    ['a query over 32 KiB', `${BASE}?salon_id=1&x=${'a'.repeat(40_000)}`, 'invalid-input'],
  ] as const)('refuses %s with reason %s', async (_label, input, expected) => {
    expect(await reason(input)).toBe(expected);
  });

  it.each([[123], [null], [undefined], [{ salon_id: '1' }]])(
    'refuses the non-URL input %o with invalid-input',
    async (input) => {
      expect(await reason(input)).toBe('invalid-input');
    },
  );

  it('never names the CRM token in its messages', async () => {
    const error = await parseConnectRedirect(`${BASE}?crm_token=${CRM_TOKEN}&salon_id=x`, options).catch(
      (e: unknown) => e,
    );
    expect((error as ConnectRedirectError).reason).toBe('invalid-location');
    expectNoSecrets(inspect(error, { depth: 10 }));
    expectNoSecrets(JSON.stringify(error));
  });
});

describe('parseConnectRedirect: user_data and user_data_sign', () => {
  it.each(['json', 'base64'] as const)(
    'verifies a signature over the %s and returns the user',
    async (over) => {
      const url = await buildConnectRedirectUrl(BASE, {
        locationIds: [1],
        user,
        partnerToken: PARTNER_TOKEN,
        signOver: over,
      });
      await expect(parseConnectRedirect(url, options)).resolves.toStrictEqual({
        locationIds: [1],
        user: expectedUser,
        signedOver: over,
      });
    },
  );

  it("verifies Altegio's documented algorithm, checked with node:crypto over PHP-escaped JSON", async () => {
    // PHP json_encode escapes non-ASCII and "/": the bytes must be verified as sent, never re-encoded.
    const json =
      '{"user_id":123,"name":"\\u0410\\u043d\\u0434\\u0440\\u0435\\u0439","email":"andrey@example.com","phone":"79990009900","site":"https:\\/\\/a.example"}';
    const userData = Buffer.from(json).toString('base64');
    const sign = createHmac('sha256', PARTNER_TOKEN).update(json).digest('hex');
    const result = await parseConnectRedirect(
      `${BASE}?salon_id=1&user_data=${encodeURIComponent(userData)}&user_data_sign=${sign}`,
      options,
    );
    expect(result.signedOver).toBe('json');
    expect(result.user).toMatchObject({
      userId: 123,
      name: 'Андрей',
      phone: '79990009900',
      site: 'https://a.example',
    });
    // Our own signer agrees with node:crypto.
    expect((await signUserData(json, options)).userDataSign).toBe(sign);
  });

  it('keeps a raw `+` of the base64 value (the URL is read raw, not form-decoded)', async () => {
    const url = await buildConnectRedirectUrl(BASE, { locationIds: [1], user, partnerToken: PARTNER_TOKEN });
    const raw = new URL(url).search;
    expect(raw).toMatch(/user_data=[^&]*\+/);
    await expect(parseConnectRedirect(url, options)).resolves.toMatchObject({
      user: expectedUser,
      signedOver: 'json',
    });
    await expect(parseConnectRedirect(new URL(url), options)).resolves.toMatchObject({ user: expectedUser });
    const result = await parseConnectRedirect(url, options);
    expect(result.userDataRepaired).toBeUndefined();
  });

  it('repairs the spaces URLSearchParams made of `+`, and flags it', async () => {
    const url = await buildConnectRedirectUrl(BASE, { locationIds: [1], user, partnerToken: PARTNER_TOKEN });
    const params = new URL(url).searchParams;
    expect(params.get('user_data')).toContain(' ');
    await expect(parseConnectRedirect(params, options)).resolves.toStrictEqual({
      locationIds: [1],
      user: expectedUser,
      signedOver: 'json',
      userDataRepaired: true,
    });
  });

  it('accepts an upper-case hex signature and a percent-encoded user_data', async () => {
    const signed = await signUserData(user, options);
    const url = `${BASE}?salon_id=1&user_data=${encodeURIComponent(signed.userData)}&user_data_sign=${signed.userDataSign.toUpperCase()}`;
    await expect(parseConnectRedirect(url, options)).resolves.toMatchObject({ user: expectedUser });
  });

  it("reads Altegio's back-end payload {id, name, phone, email, is_approved, avatar, salon_name}", async () => {
    const json =
      '{"id":8123,"name":"Ann","phone":"15550100","email":"ann@example.com","is_approved":1,"avatar":"https:\\/\\/assets.alteg.io\\/a.png","salon_name":"Studio 9","locale":"en"}';
    const sign = createHmac('sha256', PARTNER_TOKEN).update(json).digest('hex');
    const userData = Buffer.from(json).toString('base64');
    const { user: parsed } = await parseConnectRedirect(
      `${BASE}?salon_ids=4564,4232&user_data=${encodeURIComponent(userData)}&user_data_sign=${sign}`,
      options,
    );
    expect(parsed).toMatchObject({
      userId: 8123,
      name: 'Ann',
      phone: '15550100',
      email: 'ann@example.com',
      isApproved: true,
      avatar: 'https://assets.alteg.io/a.png',
      locationName: 'Studio 9',
      locale: 'en',
    });
  });

  it('reads the user id from user_id, the spelling of the guide', async () => {
    const url = await buildConnectRedirectUrl(BASE, {
      locationIds: [1],
      user: { userId: 42, isApproved: false },
      partnerToken: PARTNER_TOKEN,
      userIdField: 'user_id',
    });
    expect((await parseConnectRedirect(url, options)).user).toMatchObject({ userId: 42, isApproved: false });
  });

  it('keeps unknown user fields, camelCased', async () => {
    const url = await buildConnectRedirectUrl(BASE, {
      locationIds: [1],
      user: { user_id: '77', salon_name: 'Studio', phone: 79990009900 },
      partnerToken: PARTNER_TOKEN,
    });
    const { user: parsed } = await parseConnectRedirect(url, options);
    expect(parsed).toMatchObject({ userId: 77, locationName: 'Studio', phone: '79990009900' });
  });

  it('refuses a signature made with another partner token (forged)', async () => {
    const url = await buildConnectRedirectUrl(BASE, {
      locationIds: [1],
      user,
      partnerToken: 'someone-else-token',
    });
    expect(await reason(url)).toBe('invalid-signature');
  });

  it('refuses a user_data swapped under a valid signature', async () => {
    const genuine = await signUserData(user, options);
    const other = await signUserData({ ...user, userId: 6 }, options);
    const url = `${BASE}?salon_id=1&user_data=${encodeURIComponent(other.userData)}&user_data_sign=${genuine.userDataSign}`;
    expect(await reason(url)).toBe('invalid-signature');
  });

  it.each([
    ['a truncated signature', (sign: string) => sign.slice(0, 10)],
    ['a longer signature', (sign: string) => `${sign}00`],
    ['a non-hex signature', (sign: string) => `${sign.slice(0, 63)}z`],
    ['one flipped digit', (sign: string) => `${sign.slice(0, 63)}${sign.endsWith('0') ? '1' : '0'}`],
  ])('refuses %s without crashing', async (_label, mangle) => {
    const signed = await signUserData(user, options);
    const url = `${BASE}?salon_id=1&user_data=${encodeURIComponent(signed.userData)}&user_data_sign=${mangle(signed.userDataSign)}`;
    expect(await reason(url)).toBe('invalid-signature');
  });

  it('refuses user_data without user_data_sign', async () => {
    const signed = await signUserData(user, options);
    expect(await reason(`${BASE}?salon_id=1&user_data=${encodeURIComponent(signed.userData)}`)).toBe(
      'missing-signature',
    );
  });

  it('refuses user_data that is not base64', async () => {
    expect(await reason(`${BASE}?salon_id=1&user_data=%%%&user_data_sign=${'a'.repeat(64)}`)).toBe(
      'invalid-input',
    );
    expect(await reason(`${BASE}?salon_id=1&user_data=not*base64&user_data_sign=${'a'.repeat(64)}`)).toBe(
      'invalid-user-data',
    );
  });

  it.each(['Y=', 'YQ=', 'YWJjZA=', 'Y===', 'YQ==YQ==', '=', 'YWJjZ'])(
    'refuses user_data %s (base64 alphabet, padding in the wrong place) with invalid-user-data',
    async (userData) => {
      expect(await reason(`${BASE}?salon_id=1&user_data=${userData}&user_data_sign=x`)).toBe(
        'invalid-user-data',
      );
    },
  );

  it('accepts unpadded base64 user_data', async () => {
    // 26 bytes of JSON: one `=` of padding, which PHP writes and some proxies strip.
    const signed = await signUserData({ user_id: 5, name: 'Ann' }, options);
    const unpadded = signed.userData.replace(/=+$/, '');
    expect(unpadded).not.toBe(signed.userData);
    const url = `${BASE}?salon_id=1&user_data=${encodeURIComponent(unpadded)}&user_data_sign=${signed.userDataSign}`;
    await expect(parseConnectRedirect(url, options)).resolves.toMatchObject({
      user: { userId: 5, name: 'Ann' },
    });
  });

  it.each([
    ['not JSON', 'hello'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"x"'],
  ])('refuses signed user_data that is %s', async (_label, text) => {
    const signed = await signUserData(text, options);
    const url = `${BASE}?salon_id=1&user_data=${encodeURIComponent(signed.userData)}&user_data_sign=${signed.userDataSign}`;
    expect(await reason(url)).toBe('invalid-user-data');
  });

  it('with requireUserData, refuses a redirect that has no user_data', async () => {
    expect(await reason(`${BASE}?salon_id=1`, { ...options, requireUserData: true })).toBe(
      'missing-user-data',
    );
  });

  it('never echoes the user data or a token in an error', async () => {
    const url = await buildConnectRedirectUrl(BASE, {
      locationIds: [1],
      crmToken: CRM_TOKEN,
      user: { ...user, email: 'secret-user@example.com' },
      partnerToken: 'another-partner-token',
    });
    const error = await parseConnectRedirect(url, options).catch((e: unknown) => e);
    const text = inspect(error, { depth: 10 });
    expectNoSecrets(text);
    expect(text).not.toContain('secret-user@example.com');
    expect(text).not.toContain('another-partner-token');
  });

  it('never crashes: any string gives a result or a ConnectRedirectError', async () => {
    // Base64-alphabet text with padding anywhere (`Y=`, `YQ=`, `YWJjZA=`, `YQ==YQ`), signed or not.
    const base64ish = fc
      .tuple(
        fc.stringMatching(/^[A-Za-z0-9+/]{0,9}$/),
        fc.constantFrom('', '=', '=='),
        fc.stringMatching(/^[A-Za-z0-9+/=]{0,3}$/),
      )
      .map(([head, pad, tail]) => `user_data=${head}${pad}${tail}&`);
    const piece = fc.oneof(
      fc.constantFrom(
        'salon_id',
        'salon_ids[]',
        'salon_ids',
        'salon_group_id',
        'crm_token',
        'user_data',
        'user_data_sign',
        '%',
        '&',
        '=',
        '+',
        '?',
        '#',
        'salon_id=1&',
        'user_data=Y=&',
        'user_data=YQ=&',
        'user_data=YWJjZA=&',
        'user_data_sign=x&',
      ),
      base64ish,
      fc.string(),
    );
    // A well-formed head (location, user_data, signature) so random noise does not stop every run
    // before the user_data decoder.
    const head = fc.tuple(
      fc.constant('salon_id=1&'),
      base64ish,
      fc.constantFrom('user_data_sign=x&', `user_data_sign=${'a'.repeat(64)}&`),
    );
    let decoderReached = 0;
    await fc.assert(
      fc.asyncProperty(head, fc.array(piece, { maxLength: 8 }), async (first, parts) => {
        const input = `${BASE}?${[...first, ...parts].join('')}`;
        try {
          const result = await parseConnectRedirect(input, options);
          expect(result.locationIds.length).toBeGreaterThan(0);
          for (const id of result.locationIds) expect(Number.isSafeInteger(id) && id > 0).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ConnectRedirectError);
          const { reason } = error as ConnectRedirectError;
          if (reason === 'invalid-user-data' || reason === 'invalid-signature') decoderReached++;
        }
      }),
      { numRuns: 300 },
    );
    expect(decoderReached).toBeGreaterThan(30);
  });
});

describe('testing signers', () => {
  it('buildConnectRedirectUrl writes salon_id for one location and comma-separated salon_ids for several', async () => {
    expect(await buildConnectRedirectUrl(BASE, { locationIds: [4] })).toBe(`${BASE}?salon_id=4`);
    expect(
      await buildConnectRedirectUrl(`${BASE}?app=7`, { locationIds: [4, 5], chainId: 3, crmToken: 'a b' }),
    ).toBe(`${BASE}?app=7&salon_ids=4,5&salon_group_id=3&crm_token=a%20b`);
  });

  it.each([
    ['single', [4], 'salon_id=4'],
    ['csv', [4, 5], 'salon_ids=4,5'],
    ['brackets', [4, 5], 'salon_ids[]=4&salon_ids[]=5'],
    ['indexed', [4, 5], 'salon_ids[0]=4&salon_ids[1]=5'],
    ['repeated', [4, 5], 'salon_ids=4&salon_ids=5'],
  ] as const)(
    'buildConnectRedirectUrl writes the %s form, and the parser reads it back',
    async (form, ids, query) => {
      const url = await buildConnectRedirectUrl(BASE, { locationIds: ids, locationForm: form });
      expect(url).toBe(`${BASE}?${query}`);
      await expect(parseConnectRedirect(url, options)).resolves.toStrictEqual({ locationIds: [...ids] });
    },
  );

  it("refuses the 'single' form for several locations", async () => {
    await expect(
      buildConnectRedirectUrl(BASE, { locationIds: [4, 5], locationForm: 'single' }),
    ).rejects.toThrow(ConfigurationError);
  });

  it('also takes the registration URL inside the options', async () => {
    expect(await buildConnectRedirectUrl({ registrationUrl: BASE, locationIds: [4] })).toBe(
      `${BASE}?salon_id=4`,
    );
  });

  it('signUserData signs the JSON bytes by default, and the base64 text on request', async () => {
    const json = await signUserData(user, options);
    const text = Buffer.from(json.userData, 'base64').toString('utf8');
    expect(JSON.parse(text)).toStrictEqual({
      id: 5,
      name: 'Ann-Maria ~ Smith',
      email: 'x@example.com',
      phone: '15550100',
    });
    expect(json.userDataSign).toBe(createHmac('sha256', PARTNER_TOKEN).update(text).digest('hex'));
    const guide = await signUserData(user, { ...options, userIdField: 'user_id' });
    expect(JSON.parse(Buffer.from(guide.userData, 'base64').toString('utf8'))).toMatchObject({ user_id: 5 });
    const b64 = await signUserData(user, { ...options, over: 'base64' });
    expect(b64.userDataSign).toBe(createHmac('sha256', PARTNER_TOKEN).update(b64.userData).digest('hex'));
  });

  it('refuses to sign without a partner token', async () => {
    await expect(buildConnectRedirectUrl(BASE, { locationIds: [1], user })).rejects.toThrow(
      ConfigurationError,
    );
    await expect(buildConnectRedirectUrl(BASE, { locationIds: [] })).rejects.toThrow(ConfigurationError);
  });
});
