// The moderation scenarios of the connect-and-billing guide, against the fake Altegio on 127.0.0.1.
import { parseConnectRedirect } from 'altegio-marketplace';
import { createFakeAltegio, type FakeAltegio, type FakeAltegioServer } from 'altegio-marketplace/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN, testClient } from '../helpers';

let fake: FakeAltegio;
let server: FakeAltegioServer;
const user = { userId: 9, name: 'Ann Lee', email: 'ann@example.com', phone: '15550100' };
const registrationUrl = 'https://vendor.test/altegio/connect';

beforeEach(async () => {
  fake = createFakeAltegio({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
  server = await fake.listen();
});
afterEach(() => server.close());

const parse = (url: string) => parseConnectRedirect(url, { partnerToken: PARTNER_TOKEN, env: {} });

describe('connect lifecycle against the fake Altegio', () => {
  it('disable, then reconnect: the old link reports not-installed, a fresh grant activates again', async () => {
    const altegio = testClient({ platform: server.platform });
    const first = await parse(await fake.grantAccess({ registrationUrl, locationIds: [456], user }));
    expect((await altegio.connect(first)).locations[0]?.outcome).toBe('activated');

    await fake.disconnect(456);
    const stale = await altegio.connect(first);
    expect(stale.ok).toBe(false);
    expect(stale.locations[0]?.outcome).toBe('not-installed');

    const again = await parse(await fake.grantAccess({ registrationUrl, locationIds: [456], user }));
    // The same Altegio user comes back: the vendor recognises the account by user.userId.
    expect(again.user?.userId).toBe(first.user?.userId);
    const report = await altegio.connect(again);
    expect(report).toMatchObject({ ok: true, locations: [{ locationId: 456, outcome: 'activated' }] });
    expect((await altegio.marketplace.getInstallation(456))?.status).toBe('active');
  });

  it('a user who already runs the app on one location connects a second one', async () => {
    const altegio = testClient({ platform: server.platform });
    await altegio.connect(await parse(await fake.grantAccess({ registrationUrl, locationIds: [456], user })));
    const report = await altegio.connect(
      await parse(await fake.grantAccess({ registrationUrl, locationIds: [456, 457], user })),
    );
    expect(report.ok).toBe(true);
    expect(report.locations.map((l) => [l.locationId, l.outcome])).toStrictEqual([
      [456, 'already-active'],
      [457, 'activated'],
    ]);
  });

  it('a frozen location is reported as frozen, and a reported payment brings it back', async () => {
    const altegio = testClient({ platform: server.platform });
    const redirect = await parse(await fake.grantAccess({ registrationUrl, locationIds: [456] }));
    await altegio.connect(redirect);
    await fake.freeze(456);
    const frozen = await altegio.connect(redirect);
    expect(frozen.locations[0]).toMatchObject({ outcome: 'frozen', status: 'freezed' });

    await altegio.marketplace.reportPayment({
      locationId: 456,
      currencyIso: 'USD',
      paymentSum: 19.9,
      paymentDate: '2026-03-01 10:00:00',
      periodFrom: '2026-03-01 00:00:00',
      periodTo: '2026-03-31 23:59:59',
    });
    expect((await altegio.connect(redirect)).locations[0]?.outcome).toBe('already-active');
  });
});
