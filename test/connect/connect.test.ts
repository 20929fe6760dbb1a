import { inspect } from 'node:util';
import {
  type AltegioClient,
  AuthenticationError,
  InvalidInputError,
  parseConnectRedirect,
  PermissionDeniedError,
  ResponseValidationError,
  ValidationError,
} from 'altegio-marketplace';
import { buildConnectRedirectUrl } from 'altegio-marketplace/testing';
import { HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  API,
  API_KEY,
  APP,
  APPLICATION_ID,
  CRM_TOKEN,
  expectNoSecrets,
  PARTNER_TOKEN,
  testClient,
  useMswServer,
} from '../helpers';

const server = useMswServer();

type Status = 'pending' | 'active' | 'freezed' | 'missing' | 'unauthorized';

/**
 * A small stand-in for Altegio: installation status per location, activation that moves pending →
 * active (or answers with `activateStatus`), and the VoIP endpoint. Records every call in order.
 */
function altegioWith(
  statuses: Record<number, Status>,
  { activateStatus = 201, voipStatus = 202, activateTurnsActive = true } = {},
) {
  const calls: string[] = [];
  const activations: Record<string, unknown>[] = [];
  const voip: Record<string, unknown>[] = [];
  server.use(
    http.get(`${APP}/marketplace/salon/:id/application/${APPLICATION_ID}`, ({ params }) => {
      const id = Number(params.id);
      calls.push(`status ${id}`);
      const status = statuses[id] ?? 'missing';
      if (status === 'missing')
        return HttpResponse.json({ success: false, data: null, meta: {} }, { status: 404 });
      if (status === 'unauthorized') {
        return HttpResponse.json(
          { success: false, data: null, meta: { message: 'Authentication needed.' } },
          { status: 401 },
        );
      }
      return HttpResponse.json({
        success: true,
        data: { connection_status: { status, created_at: '2026-09-01 10:00:00' }, payments: [], logs: [] },
      });
    }),
    http.post(`${APP}/marketplace/partner/callback`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      const id = Number(body.salon_id);
      calls.push(`activate ${id}`);
      activations.push(body);
      if (activateStatus >= 400) {
        if (activateTurnsActive && statuses[id] === 'pending' && activateStatus >= 500)
          statuses[id] = 'active';
        return HttpResponse.json(
          {
            success: false,
            data: null,
            meta: { message: 'An error has occurred.', errors: [{ api_key: body.api_key }] },
          },
          { status: activateStatus },
        );
      }
      statuses[id] = 'active';
      return new HttpResponse(null, { status: 201 });
    }),
    http.post(`${API}/voip/integration`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      calls.push(`voip ${body.type}`);
      voip.push(body);
      return HttpResponse.json(
        { success: voipStatus < 400, meta: { message: 'Accepted' } },
        { status: voipStatus },
      );
    }),
  );
  return { calls, activations, voip, statuses };
}

let altegio: AltegioClient;
beforeEach(() => {
  altegio = testClient();
});

describe('altegio.connect', () => {
  it('activates a single pending location, with its webhook URLs', async () => {
    const fake = altegioWith({ 456: 'pending' });
    const report = await altegio.connect(
      { locationIds: [456] },
      { webhookUrls: ['https://vendor.example/h'] },
    );
    expect(report).toStrictEqual({
      ok: true,
      locations: [{ locationId: 456, outcome: 'activated', status: 'active' }],
      telephony: { outcome: 'not-requested' },
    });
    expect(fake.calls).toStrictEqual(['status 456', 'activate 456']);
    expect(fake.activations[0]).toStrictEqual({
      salon_id: 456,
      application_id: APPLICATION_ID,
      webhook_urls: ['https://vendor.example/h'],
    });
  });

  it('reports each of several locations: pending, active, frozen, not installed', async () => {
    const fake = altegioWith({ 1: 'pending', 2: 'active', 3: 'freezed', 5: 'pending' });
    const report = await altegio.connect({ locationIds: [1, 2, 3, 4, 5] });
    expect(report.locations).toStrictEqual([
      { locationId: 1, outcome: 'activated', status: 'active' },
      { locationId: 2, outcome: 'already-active', status: 'active' },
      { locationId: 3, outcome: 'frozen', status: 'freezed' },
      { locationId: 4, outcome: 'not-installed' },
      { locationId: 5, outcome: 'activated', status: 'active' },
    ]);
    expect(report.ok).toBe(false);
    // Only pending locations are activated: a callback on an active link is rejected by Altegio.
    expect(fake.activations.map((a) => a.salon_id)).toStrictEqual([1, 5]);
  });

  it('is safe to repeat: a second run (disable-then-reconnect, already registered user) activates nothing', async () => {
    const fake = altegioWith({ 7: 'pending', 8: 'pending' });
    const first = await altegio.connect({ locationIds: [7, 8] });
    const second = await altegio.connect({ locationIds: [7, 8] });
    expect(first.locations.map((l) => l.outcome)).toStrictEqual(['activated', 'activated']);
    expect(second.ok).toBe(true);
    expect(second.locations.map((l) => l.outcome)).toStrictEqual(['already-active', 'already-active']);
    expect(fake.activations).toHaveLength(2);
  });

  it('computes webhook URLs and api key per location', async () => {
    const fake = altegioWith({ 1: 'pending', 2: 'pending' });
    await altegio.connect(
      { locationIds: [1, 2] },
      {
        webhookUrls: async (id) => [`https://vendor.example/h/${id}`],
        apiKey: (id) => `key-${id}-${API_KEY}`,
      },
    );
    expect(fake.activations).toStrictEqual([
      {
        salon_id: 1,
        application_id: APPLICATION_ID,
        webhook_urls: ['https://vendor.example/h/1'],
        api_key: `key-1-${API_KEY}`,
      },
      {
        salon_id: 2,
        application_id: APPLICATION_ID,
        webhook_urls: ['https://vendor.example/h/2'],
        api_key: `key-2-${API_KEY}`,
      },
    ]);
  });

  it('reports an expired activation window (422) on its location, and still handles the others', async () => {
    altegioWith({ 1: 'pending', 2: 'active' }, { activateStatus: 422 });
    const report = await altegio.connect({ locationIds: [1, 2] }, { apiKey: API_KEY });
    expect(report.ok).toBe(false);
    expect(report.locations[0]).toMatchObject({ locationId: 1, outcome: 'failed', status: 'pending' });
    expect(report.locations[0]?.error).toBeInstanceOf(ValidationError);
    expect(report.locations[0]?.error?.message).toMatch(/connect again from the Marketplace/);
    expect(report.locations[1]).toMatchObject({ locationId: 2, outcome: 'already-active' });
    // The API key Altegio echoed in its error never reaches the report.
    expectNoSecrets(inspect(report, { depth: 10 }));
  });

  it('counts an activation whose answer was lost as activated when the status shows it active', async () => {
    const fake = altegioWith({ 1: 'pending' }, { activateStatus: 502 });
    const report = await altegio.connect({ locationIds: [1] });
    expect(report.locations).toStrictEqual([{ locationId: 1, outcome: 'activated', status: 'active' }]);
    expect(fake.calls).toStrictEqual(['status 1', 'activate 1', 'status 1']);
  });

  it('keeps a lost activation as failed when the status is still pending', async () => {
    altegioWith({ 1: 'pending' }, { activateStatus: 502, activateTurnsActive: false });
    const report = await altegio.connect({ locationIds: [1] });
    expect(report.locations[0]).toMatchObject({ outcome: 'failed', error: { name: 'OutcomeUnknownError' } });
  });

  it('captures a failing status read per location instead of throwing', async () => {
    altegioWith({ 1: 'unauthorized', 2: 'pending' });
    const report = await altegio.connect({ locationIds: [1, 2] });
    expect(report.locations[0]?.outcome).toBe('failed');
    expect(report.locations[0]?.error).toBeInstanceOf(AuthenticationError);
    expect(report.locations[1]?.outcome).toBe('activated');
  });

  it('captures a throwing webhookUrls callback per location', async () => {
    altegioWith({ 1: 'pending', 2: 'pending' });
    const report = await altegio.connect(
      { locationIds: [1, 2] },
      {
        webhookUrls: (id) => {
          if (id === 1) throw new Error('no secret for 1');
          return ['https://vendor.example/h'];
        },
      },
    );
    expect(report.locations.map((l) => l.outcome)).toStrictEqual(['failed', 'activated']);
    expect(report.locations[0]?.error?.message).toBe('no secret for 1');
  });

  it('enables telephony after the locations when the redirect carried a crmToken', async () => {
    const fake = altegioWith({ 1: 'pending', 2: 'active' });
    const report = await altegio.connect({ locationIds: [1, 2], crmToken: CRM_TOKEN });
    expect(report.ok).toBe(true);
    expect(report.telephony).toStrictEqual({ outcome: 'enabled' });
    expect(fake.calls).toStrictEqual(['status 1', 'activate 1', 'status 2', 'voip enable']);
    expect(fake.voip).toStrictEqual([{ command: 'setup', type: 'enable', crm_token: CRM_TOKEN }]);
  });

  it('reports a failed telephony enable without hiding the locations, and without the CRM token', async () => {
    altegioWith({ 1: 'pending' }, { voipStatus: 403 });
    const report = await altegio.connect({ locationIds: [1], crmToken: CRM_TOKEN });
    expect(report.ok).toBe(false);
    expect(report.locations[0]?.outcome).toBe('activated');
    expect(report.telephony.outcome).toBe('failed');
    expect(report.telephony.error).toBeInstanceOf(PermissionDeniedError);
    expectNoSecrets(inspect(report, { depth: 10 }));
  });

  it('skips telephony when no location is active', async () => {
    const fake = altegioWith({ 1: 'freezed' });
    const report = await altegio.connect({ locationIds: [1], crmToken: CRM_TOKEN });
    expect(report.telephony).toStrictEqual({ outcome: 'skipped' });
    expect(fake.voip).toHaveLength(0);
  });

  it.each([
    ['no locations', { locationIds: [] }],
    ['a bad id', { locationIds: [0] }],
    ['no object', null],
  ])('throws InvalidInputError for %s, before any request', async (_label, redirect) => {
    const fake = altegioWith({});
    await expect(altegio.connect(redirect as never)).rejects.toBeInstanceOf(InvalidInputError);
    expect(fake.calls).toHaveLength(0);
  });

  it('runs end to end from the signed redirect URL Altegio sends', async () => {
    const fake = altegioWith({ 10: 'pending', 11: 'pending' });
    const url = await buildConnectRedirectUrl('https://vendor.example/altegio/connect', {
      locationIds: [10, 11],
      chainId: 3,
      crmToken: CRM_TOKEN,
      user: { userId: 42, name: 'Ann Lee', email: 'ann@example.com', phone: '15550100' },
      partnerToken: PARTNER_TOKEN,
    });
    const redirect = await parseConnectRedirect(url, { partnerToken: PARTNER_TOKEN });
    expect(redirect.user?.userId).toBe(42);
    const report = await altegio.connect(redirect);
    expect(report).toStrictEqual({
      ok: true,
      locations: [
        { locationId: 10, outcome: 'activated', status: 'active' },
        { locationId: 11, outcome: 'activated', status: 'active' },
      ],
      telephony: { outcome: 'enabled' },
    });
    expect(fake.voip[0]).toMatchObject({ crm_token: CRM_TOKEN });
  });
});

describe('connect: an installation status it does not know', () => {
  it('reports the location as failed with a ResponseValidationError naming the status, and activates nothing', async () => {
    const posts: unknown[] = [];
    server.use(
      http.get(`${APP}/marketplace/salon/:id/application/${APPLICATION_ID}`, () =>
        HttpResponse.json({ success: true, data: { connection_status: { status: 'archived' } } }),
      ),
      http.post(`${APP}/marketplace/partner/callback`, () => {
        posts.push(1);
        return new HttpResponse(null, { status: 201 });
      }),
    );
    const report = await testClient().connect({ locationIds: [456] });
    const [location] = report.locations;
    expect(location?.outcome).toBe('failed');
    expect(location?.status).toBe('archived');
    expect(location?.error).toBeInstanceOf(ResponseValidationError);
    expect(location?.error?.constructor.name).not.toBe('AltegioError');
    const error = location?.error as ResponseValidationError;
    expect(error.issues[0]?.path).toEqual(['connection_status', 'status']);
    expect(location?.error?.message).toContain('"archived"');
    expect(posts).toHaveLength(0);
    expect(report.ok).toBe(false);
  });
});
