// The telephony lifecycle end to end against the fake Altegio over a real loopback socket:
// connect (activate + setup/enable), call notification, saved calls, the call list, disable.
import { createAltegioClient, NotFoundError, parseConnectRedirect } from 'altegio-marketplace';
import { createFakeAltegio } from 'altegio-marketplace/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, CRM_TOKEN, PARTNER_TOKEN, USER_TOKEN } from '../helpers';

const fake = createFakeAltegio({
  partnerToken: PARTNER_TOKEN,
  applicationId: APPLICATION_ID,
  userToken: USER_TOKEN,
});
let server: Awaited<ReturnType<typeof fake.listen>>;
beforeAll(async () => {
  server = await fake.listen();
});
afterAll(async () => {
  await server.close();
});

const client = () =>
  createAltegioClient({
    partnerToken: PARTNER_TOKEN,
    userToken: USER_TOKEN,
    applicationId: APPLICATION_ID,
    platform: server.platform,
    timeZone: 'America/Chicago',
    env: {},
  });

const line = { crmToken: CRM_TOKEN, phone: '+13155550175', diversion: '+13155550176', user: '101' } as const;

describe('telephony against the fake Altegio', () => {
  it('enables on connect, records calls, lists them, and ignores calls once disabled', async () => {
    const altegio = client();
    const url = await fake.grantAccess({
      locationIds: [615243],
      chainId: 77,
      crmToken: CRM_TOKEN,
      registrationUrl: 'https://vendor.example/altegio/connect',
    });
    const redirect = await parseConnectRedirect(url, { partnerToken: PARTNER_TOKEN });
    const report = await altegio.connect(redirect);
    expect(report.telephony.outcome).toBe('enabled');
    expect(fake.telephony(CRM_TOKEN)?.enabled).toBe(true);

    await altegio.telephony.notifyCall({ ...line, type: 'incoming' });
    await altegio.telephony.saveCall({
      ...line,
      type: 'incoming',
      status: 'success',
      duration: 90,
      callId: 'pbx-1',
      date: new Date('2026-01-17T18:00:00Z'),
      link: 'https://records.example.com/pbx-1.mp3',
    });
    await altegio.telephony.saveCall({
      ...line,
      type: 'incoming',
      status: 'missed',
      duration: 0,
      callId: 'pbx-2',
      date: '2026-01-18T09:30:00-06:00',
    });
    await altegio.telephony.saveCall({
      ...line,
      type: 'outgoing',
      status: 'success',
      duration: 30,
      callId: 'pbx-3',
      date: '2026-01-19T10:00:00-06:00',
    });

    const state = fake.telephony(CRM_TOKEN);
    expect(state?.commands.map((c) => `${c.command}/${c.type}`)).toEqual([
      'setup/enable',
      'event/incoming',
      'history/incoming',
      'history/incoming',
      'history/outgoing',
    ]);
    expect(state?.calls[0]?.call_date).toBe('2026-01-17T12:00:00-06:00'); // the client's timeZone

    const missed = await altegio.telephony.listCalls({
      locationId: 615243,
      dateFrom: '2026-01-01',
      dateTo: '2026-01-31',
      statuses: ['missed'],
    });
    expect(missed.calls.map((c) => [c.status, c.duration])).toEqual([['missed', 0]]);

    const all = [];
    for await (const call of altegio.telephony.calls({
      locationId: 615243,
      dateFrom: '2026-01-01',
      dateTo: '2026-01-31',
      limit: 2,
    })) {
      all.push(call);
    }
    expect(all.map((c) => c.type)).toEqual(['incoming', 'incoming', 'outgoing']);
    expect(all[0]).toMatchObject({
      callerPhone: '+13155550175',
      recordLink: 'https://records.example.com/pbx-1.mp3',
      duration: 90,
    });

    await altegio.telephony.disable(CRM_TOKEN);
    expect(fake.telephony(CRM_TOKEN)?.enabled).toBe(false);
    // Still 202 "Accepted": accepted is not processed.
    await expect(
      altegio.telephony.saveCall({ ...line, type: 'incoming', status: 'missed' }),
    ).resolves.toBeUndefined();
    expect(fake.telephony(CRM_TOKEN)?.commands.at(-1)?.processed).toBe(false);
    expect(fake.telephony(CRM_TOKEN)?.calls).toHaveLength(3);

    // Reconnect: enable again, and calls are processed again.
    await altegio.telephony.enable(CRM_TOKEN);
    expect(fake.telephony(CRM_TOKEN)?.enabled).toBe(true);
  });

  it('reports an unknown crm token as NotFoundError with the enable hint', async () => {
    const error = await client()
      .telephony.notifyCall({ ...line, crmToken: '00000000-0000-4000-8000-000000000000', type: 'incoming' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('telephony.enable(crmToken)');
    expect((error as Error).message).not.toContain('00000000-0000-4000-8000-000000000000');
  });
});
