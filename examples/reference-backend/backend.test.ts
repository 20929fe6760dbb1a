// The reference backend's own guards, beyond the moderation checks: forged redirects and webhooks.
import {
  createFakeAltegio,
  createLifecycleBody,
  type FakeAltegio,
  type FakeAltegioServer,
} from 'altegio-marketplace/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { APPLICATION_ID, CRM_TOKEN, PARTNER_TOKEN, USER_TOKEN } from '../../test/helpers';
import { type ReferenceBackend, startReferenceBackend } from './backend';

let fake: FakeAltegio;
let server: FakeAltegioServer;
let backend: ReferenceBackend;

beforeEach(async () => {
  fake = createFakeAltegio({
    partnerToken: PARTNER_TOKEN,
    applicationId: APPLICATION_ID,
    userToken: USER_TOKEN,
  });
  server = await fake.listen();
  backend = await startReferenceBackend({
    partnerToken: PARTNER_TOKEN,
    applicationId: APPLICATION_ID,
    userToken: USER_TOKEN,
    platform: server.platform,
    env: {},
  });
  fake.callbackUrl = backend.callbackUrl;
});
afterEach(async () => {
  await backend.close();
  await server.close();
});

const connect = async () => {
  const url = await fake.grantAccess({
    registrationUrl: backend.registrationUrl,
    locationIds: [456],
    chainId: 7,
    crmToken: CRM_TOKEN,
    user: { userId: 3, name: 'Ann' },
  });
  return fetch(url);
};

it('refuses a registration link whose user_data signature was tampered with', async () => {
  const url = await fake.grantAccess({
    registrationUrl: backend.registrationUrl,
    locationIds: [456],
    user: { userId: 3, name: 'Ann' },
  });
  const forged = url.replace(
    /user_data_sign=([0-9a-f])/,
    (_, c: string) => `user_data_sign=${c === 'a' ? 'b' : 'a'}`,
  );
  const answer = await fetch(forged);
  expect(answer.status).toBe(400);
  expect(fake.installation(456)?.status).toBe('pending');
  expect(backend.accounts()).toEqual([]);
});

it('answers 502 with "connect again" when the activation window has passed', async () => {
  const url = await fake.grantAccess({ registrationUrl: backend.registrationUrl, locationIds: [456] });
  fake.advanceTime(3_600_001);
  const answer = await fetch(url);
  expect(answer.status).toBe(502);
  expect(await answer.text()).toContain('connect again');
});

it('ignores a lifecycle webhook with a wrong partner token, and keeps telephony on', async () => {
  expect((await connect()).status).toBe(200);
  const forged = await fetch(backend.callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: createLifecycleBody({
      partnerToken: 'not-the-partner-token',
      applicationId: APPLICATION_ID,
      locationId: 456,
      event: 'uninstall',
    }),
  });
  expect(forged.status).toBe(401);
  expect(fake.telephony(CRM_TOKEN)?.enabled).toBe(true);
  expect(backend.accounts()[0]?.telephony).toBe('on');

  // The real one turns it off.
  expect((await fake.disconnect(456)).status).toBe(200);
  expect(fake.telephony(CRM_TOKEN)?.enabled).toBe(false);
});

it('keeps telephony on while another location of the chain is still connected', async () => {
  expect((await connect()).status).toBe(200);
  const second = await fake.grantAccess({
    registrationUrl: backend.registrationUrl,
    locationIds: [457],
    chainId: 7,
    crmToken: CRM_TOKEN,
    user: { userId: 3, name: 'Ann' },
  });
  expect((await fetch(second)).status).toBe(200);
  await fake.disconnect(456);
  expect(fake.telephony(CRM_TOKEN)?.enabled).toBe(true);
  await fake.disconnect(457);
  expect(fake.telephony(CRM_TOKEN)?.enabled).toBe(false);
});

it('protects the billing and PBX routes with the admin token', async () => {
  const answer = await fetch(`${backend.url}/billing/charge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locationId: 456 }),
  });
  expect(answer.status).toBe(401);
  expect(fake.payments()).toEqual([]);
});
