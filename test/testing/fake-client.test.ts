// A few runs of our own client against the fake served on 127.0.0.1.
import {
  AltegioApiError,
  createAltegioClient,
  OutcomeUnknownError,
  parseConnectRedirect,
  ValidationError,
} from 'altegio-marketplace';
import { createFakeAltegio, type FakeAltegio, type FakeAltegioServer } from 'altegio-marketplace/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN, testClient, USER_TOKEN } from '../helpers';

let fake: FakeAltegio;
let server: FakeAltegioServer;
let clock: Date;

beforeEach(async () => {
  clock = new Date('2026-03-01T10:00:00Z');
  fake = createFakeAltegio({
    partnerToken: PARTNER_TOKEN,
    applicationId: APPLICATION_ID,
    userToken: USER_TOKEN,
    now: () => clock,
  });
  server = await fake.listen();
});
afterEach(() => server.close());

describe('createAltegioClient against fake.listen()', () => {
  it('runs connect → payment → refund → uninstall from a signed redirect', async () => {
    const altegio = testClient({ platform: server.platform });
    const url = await fake.grantAccess({
      registrationUrl: 'https://vendor.test/altegio/register',
      locationIds: [456, 457],
      chainId: 12,
      user: { userId: 1, name: 'Ann Lee', email: 'ann@example.com', phone: '15550100' },
    });
    const redirect = await parseConnectRedirect(url, { partnerToken: PARTNER_TOKEN, env: {} });
    expect(redirect).toMatchObject({ locationIds: [456, 457], chainId: 12, user: { userId: 1 } });
    expect(redirect.crmToken).toEqual(expect.any(String));

    const report = await altegio.connect(redirect);
    expect(report.ok).toBe(true);
    expect(report.locations.map((l) => l.outcome)).toEqual(['activated', 'activated']);
    expect(report.telephony.outcome).toBe('enabled');
    expect(fake.telephony(redirect.crmToken ?? '')?.enabled).toBe(true);
    // Repeating it is safe: the fake rejects a second activation, the client does not send one.
    expect((await altegio.connect(redirect)).locations.map((l) => l.outcome)).toEqual([
      'already-active',
      'already-active',
    ]);

    const { paymentId } = await altegio.marketplace.reportPayment({
      locationId: 456,
      currencyIso: 'USD',
      paymentSum: 19.9,
      paymentDate: new Date('2026-03-01T10:05:00Z'),
      periodFrom: '2026-03-01 00:00:00',
      periodTo: '2026-04-01 00:00:00',
    });
    expect(fake.payments(456)).toEqual([
      expect.objectContaining({ id: paymentId, paymentDate: '2026-03-01 10:05:00' }),
    ]);
    await altegio.marketplace.refundPayment(paymentId);
    const installation = await altegio.marketplace.getInstallation(456);
    expect(installation?.payments).toEqual([expect.objectContaining({ id: paymentId, isRefunded: true })]);

    await altegio.marketplace.uninstall(457);
    expect(await altegio.marketplace.getInstallation(457)).toBeNull();
  });

  it('surfaces the fake activation-window error as a ValidationError through connect', async () => {
    const altegio = testClient({ platform: server.platform });
    const url = await fake.grantAccess({ registrationUrl: 'https://vendor.test/r', locationIds: [456] });
    fake.advanceTime(12 * 3_600_000 + 1);
    const report = await altegio.connect(
      await parseConnectRedirect(url, { partnerToken: PARTNER_TOKEN, env: {} }),
    );
    expect(report.ok).toBe(false);
    expect(report.locations[0]?.outcome).toBe('failed');
    expect(report.locations[0]?.error).toBeInstanceOf(ValidationError);
  });

  it('telephony: events, history and the call list', async () => {
    const crmToken = '7cf262d6-1656-43f9-86ac-2826bdc125d2';
    fake.addInstallation({ locationId: 456, crmToken, telephonyEnabled: true });
    const altegio = testClient({ platform: server.platform });
    await altegio.telephony.notifyCall({
      crmToken,
      type: 'incoming',
      phone: '+13155550175',
      diversion: '+13155550176',
    });
    await altegio.telephony.saveCall({
      crmToken,
      type: 'incoming',
      phone: '+13155550175',
      diversion: '+13155550176',
      duration: 42,
      status: 'success',
      callId: 'pbx-1',
      date: new Date('2026-03-01T10:01:00Z'),
    });
    const page = await altegio.telephony.listCalls({
      locationId: 456,
      dateFrom: '2026-03-01',
      dateTo: '2026-03-02',
    });
    expect(page.calls).toEqual([
      expect.objectContaining({
        callerPhone: '+13155550175',
        duration: 42,
        status: 'success',
        type: 'incoming',
      }),
    ]);
    expect(fake.telephony(crmToken)?.calls).toEqual([
      expect.objectContaining({ call_id: 'pbx-1', duration: 42 }),
    ]);
  });

  it('a payment whose answer is lost is an OutcomeUnknownError, and reconcilePayment finds it', async () => {
    fake.addInstallation({ locationId: 456 });
    const altegio = testClient({ platform: server.platform });
    fake.failNext(1, { drop: 'after' }, { path: '/marketplace/partner/payment' });
    const payment = {
      locationId: 456,
      currencyIso: 'USD',
      paymentSum: 19.9,
      paymentDate: '2026-03-01 10:05:00',
      periodFrom: '2026-03-01 00:00:00',
      periodTo: '2026-04-01 00:00:00',
    };
    await expect(altegio.marketplace.reportPayment(payment)).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(fake.payments()).toHaveLength(1);
    expect(await altegio.marketplace.reconcilePayment(payment)).toMatchObject({ id: fake.payments()[0]?.id });
  });

  it('HTTP 200 with success:false is an AltegioApiError; a 429 is retried after Retry-After', async () => {
    fake.addInstallation({ locationId: 456 });
    const altegio = testClient({ platform: server.platform, retry: 0 });
    fake.failNext(1, { successFalse: true, message: 'Something went wrong' });
    await expect(altegio.marketplace.getInstallation(456)).rejects.toBeInstanceOf(AltegioApiError);

    const retrying = createAltegioClient({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      platform: server.platform,
      rateLimit: false,
      retry: { limit: 1, initialDelay: 1 },
      env: {},
    });
    fake.failNext(1, { status: 429 });
    expect(await retrying.marketplace.getInstallation(456)).toMatchObject({ status: 'active' });
    expect(fake.requests.slice(-2).map((r) => r.status)).toEqual([429, 200]);
  });
});
