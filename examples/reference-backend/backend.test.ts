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
  fake.advanceTime(12 * 3_600_000 + 1);
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

// Everything in the redirect except user_data is unsigned: a forged link naming a customer's location
// must neither re-bind that customer's CRM token nor show who they are.
const ring = (accountId: string | undefined, callId: string) =>
  fetch(`${backend.url}/pbx/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ event: 'ring', callId, accountId, from: '+13155550175', to: '+13155550176' }),
  });
const notifications = (crmToken: string) =>
  (fake.telephony(crmToken)?.commands ?? []).filter((c) => c.command === 'event').length;

it("an unsigned redirect naming a customer's location changes nothing and reveals nothing", async () => {
  expect((await connect()).status).toBe(200);
  const [victim] = backend.accounts();
  const attackerToken = 'attacker-crm-token-0000';
  const answer = await fetch(
    `${backend.registrationUrl}?salon_id=456&salon_group_id=7&crm_token=${attackerToken}`,
  );
  const html = await answer.text();
  expect(html).not.toContain('Ann');
  expect(html).not.toContain(victim?.id ?? 'no account');
  expect(html).not.toContain('Welcome back');
  expect(backend.accounts()).toEqual([victim]);

  // The customer's calls still reach their own CRM, not the attacker's.
  expect((await ring(victim?.id, 'call-1')).status).toBe(202);
  expect(notifications(CRM_TOKEN)).toBe(1);
  expect(notifications(attackerToken)).toBe(0);
});

it("an attacker's own fresh grant cannot pull a customer's location or chain into it", async () => {
  expect((await connect()).status).toBe(200);
  const [victim] = backend.accounts();
  // Mallory genuinely connects her own location 999, then adds the victim's location and chain to the link.
  const own = await fake.grantAccess({
    registrationUrl: backend.registrationUrl,
    locationIds: [999],
    crmToken: 'mallory-crm-token-0000',
    user: { userId: 66, name: 'Mallory' },
  });
  const answer = await fetch(`${own}&salon_ids[]=456&salon_group_id=7`);
  expect(answer.status).toBe(200);
  expect(await answer.text()).not.toContain('Ann');
  const mallory = backend.accounts().find((a) => a.altegioUserId === 66);
  expect(mallory?.locations).toEqual({ 999: 'active' });
  expect(backend.accounts().find((a) => a.id === victim?.id)).toEqual(victim);
  expect((await ring(victim?.id, 'call-2')).status).toBe(202);
  expect(notifications(CRM_TOKEN)).toBe(1);
});

it('never binds an already-active location with no account to whoever opens the link', async () => {
  // Installed and active, but no account here holds it (e.g. its account was deleted).
  fake.addInstallation({ locationId: 777, chainId: 9, crmToken: CRM_TOKEN });
  const url = await fake.grantAccess({
    registrationUrl: backend.registrationUrl,
    locationIds: [999],
    crmToken: 'mallory-crm-token-0000',
  });
  // The link alone, rewritten to name location 777: no fresh grant, no verified user.
  const forged = new URL(url);
  forged.searchParams.set('salon_id', '777');
  const answer = await fetch(forged);
  expect(answer.status).toBe(200);
  expect(await answer.text()).toContain('Already connected');
  expect(backend.accounts()).toEqual([]);

  // A genuine fresh grant of her own location, with 777 added, without user_data: only 1000 is bound.
  const own = await fake.grantAccess({ registrationUrl: backend.registrationUrl, locationIds: [1000] });
  expect((await fetch(`${own}&salon_ids[]=777`)).status).toBe(200);
  expect(backend.accounts()).toEqual([expect.objectContaining({ locations: { 1000: 'active' } })]);
});

it('binds an already-active location with no account when a verified user_data names the account', async () => {
  // A new account: the verified user's own (e.g. the backend lost its data, the location stayed active).
  fake.addInstallation({ locationId: 459 });
  const fresh = await fake.grantAccess({
    registrationUrl: backend.registrationUrl,
    locationIds: [460],
    user: { userId: 8, name: 'Bo' },
  });
  expect((await fetch(`${fresh}&salon_ids[]=459`)).status).toBe(200);
  expect(backend.accounts()).toEqual([
    expect.objectContaining({ altegioUserId: 8, locations: { 459: 'active', 460: 'active' } }),
  ]);

  expect((await connect()).status).toBe(200);
  fake.addInstallation({ locationId: 458, chainId: 7 });
  const url = await fake.grantAccess({
    registrationUrl: backend.registrationUrl,
    locationIds: [456],
    user: { userId: 3, name: 'Ann' },
  });
  const answer = await fetch(`${url}&salon_ids[]=458`);
  expect(await answer.text()).toContain('Welcome back, Ann');
  expect(backend.accounts().find((a) => a.altegioUserId === 3)?.locations).toEqual({
    456: 'active',
    458: 'active',
  });
});

it('without user_data, recognises the customer again only through a fresh grant (reconnect)', async () => {
  const grant = () =>
    fake.grantAccess({
      registrationUrl: backend.registrationUrl,
      locationIds: [456],
      chainId: 7,
      crmToken: CRM_TOKEN,
    });
  const first = await fetch(await grant());
  expect(await first.text()).toContain('Account created for Chain 7');
  const [account] = backend.accounts();

  // Reloading the same, now already-active link proves nothing: a neutral page, no account data.
  const again = await fetch(await grant());
  const html = await again.text();
  expect(html).toContain('Already connected');
  expect(html).not.toContain('Chain 7');

  // After Disconnect, a new Connect creates a pending grant only Altegio can make: that is proof.
  await fake.disconnect(456);
  const back = await fetch(await grant());
  expect(await back.text()).toContain('Welcome back, Chain 7');
  expect(backend.accounts()).toHaveLength(1);
  expect(backend.accounts()[0]).toMatchObject({
    id: account?.id,
    telephony: 'on',
    locations: { 456: 'active' },
  });
});

// A payment report whose answer is lost may have landed: look it up, never drop the record.
const charge = async () => {
  const answer = await fetch(`${backend.url}/billing/charge`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ locationId: 456 }),
  });
  return { status: answer.status, json: (await answer.json()) as Record<string, unknown> };
};
const PAYMENT_PATH = '/marketplace/partner/payment';
const INSTALLATION_PATH = /^\/marketplace\/salon\/456\/application\//;

it('keeps the payment id of a report whose answer was lost but which landed', async () => {
  expect((await connect()).status).toBe(200);
  fake.failNext(1, { drop: 'after' }, { path: PAYMENT_PATH });
  const answer = await charge();
  const [payment] = fake.payments(456);
  expect(answer).toEqual({
    status: 200,
    json: { localId: expect.any(String), paymentId: payment?.id, report: 'reported' },
  });
  expect(fake.payments(456)).toHaveLength(1);
  expect(backend.accounts()[0]?.payments).toEqual([
    expect.objectContaining({ paymentId: payment?.id, report: 'reported' }),
  ]);
});

it('keeps a lost report as unknown until reconcilePayment finds it, and never sends it twice', async () => {
  expect((await connect()).status).toBe(200);
  // The report lands but its answer is lost; the first look-up also comes back empty.
  fake.failNext(1, { drop: 'after' }, { path: PAYMENT_PATH });
  fake.failNext(1, { status: 404 }, { path: INSTALLATION_PATH, method: 'GET' });
  const answer = await charge();
  expect(answer.status).toBe(202);
  expect(answer.json).toMatchObject({ report: 'unknown' });
  expect(answer.json.paymentId).toBeUndefined();
  expect(backend.accounts()[0]?.payments).toEqual([
    expect.objectContaining({ localId: answer.json.localId, paymentId: undefined, report: 'unknown' }),
  ]);

  // A refund cannot name a payment whose id is not known yet.
  const refund = await fetch(`${backend.url}/billing/refund`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ localId: answer.json.localId }),
  });
  expect(refund.status).toBe(409);

  // Later: the look-up finds it.
  const later = await fetch(`${backend.url}/billing/reconcile`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.adminToken}` },
  });
  expect(await later.json()).toEqual({ checked: 1, stillUnknown: [] });
  const [payment] = fake.payments(456);
  expect(fake.payments(456)).toHaveLength(1);
  expect(backend.accounts()[0]?.payments).toEqual([
    expect.objectContaining({ paymentId: payment?.id, report: 'reported' }),
  ]);
});

it('answers 502 and keeps no record when Altegio refused the payment outright', async () => {
  expect((await connect()).status).toBe(200);
  fake.failNext(1, { status: 422, message: 'Invalid period' }, { path: PAYMENT_PATH });
  expect((await charge()).status).toBe(502);
  expect(backend.accounts()[0]?.payments).toEqual([]);
});

// Altegio's back end sends `{id, name, …, salon_name}` (its guide shows `user_id`): both must find the
// account of a user who comes back, e.g. to connect a second location with the multi-location grant.
it.each(['id', 'user_id'] as const)(
  'recognises an existing user whose user_data carries %s, on a comma-separated multi-location grant',
  async (userIdField) => {
    const first = await fake.grantAccess({
      registrationUrl: backend.registrationUrl,
      locationIds: [456],
      user: { userId: 3, name: 'Ann' },
      userIdField,
    });
    expect((await fetch(first)).status).toBe(200);
    const again = await fake.grantAccess({
      registrationUrl: backend.registrationUrl,
      locationIds: [457, 458],
      user: { userId: 3, name: 'Ann', isApproved: true, locationName: 'Studio 9' },
      userIdField,
    });
    expect(new URL(again).search).toContain('salon_ids=457,458');
    const answer = await fetch(again);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Welcome back, Ann');
    expect(backend.accounts()).toHaveLength(1);
    expect(fake.installation(457)?.status).toBe('active');
    expect(fake.installation(458)?.status).toBe('active');
  },
);
