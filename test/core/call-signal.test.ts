// Every public call takes `{ signal }` as its last argument and hands it to the transport: an aborted
// call rejects with RequestAbortedError and is never retried.
import { type AltegioClient, RequestAbortedError } from 'altegio-marketplace';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { CRM_TOKEN, testClient, useMswServer } from '../helpers';

const server = useMswServer();

type Call = (altegio: AltegioClient, signal: AbortSignal) => Promise<unknown>;

const drain = async (iterable: AsyncIterable<unknown>) => {
  for await (const _ of iterable) void _;
};

const period = { periodFrom: '2026-09-01 00:00:00', periodTo: '2026-09-30 23:59:59' };
const calls: [string, Call][] = [
  ['marketplace.activate', (a, signal) => a.marketplace.activate({ locationId: 1 }, { signal })],
  [
    'marketplace.activateWithRedirect',
    (a, signal) => a.marketplace.activateWithRedirect({ locationId: 1 }, { signal }),
  ],
  ['marketplace.getInstallation', (a, signal) => a.marketplace.getInstallation(1, { signal })],
  ['marketplace.listLocations', (a, signal) => a.marketplace.listLocations({}, { signal })],
  ['marketplace.locations', (a, signal) => drain(a.marketplace.locations({}, { signal }))],
  [
    'marketplace.reportPayment',
    (a, signal) =>
      a.marketplace.reportPayment(
        { locationId: 1, currencyIso: 'USD', paymentSum: 1, paymentDate: period.periodFrom, ...period },
        { signal },
      ),
  ],
  [
    'marketplace.reconcilePayment',
    (a, signal) => a.marketplace.reconcilePayment({ locationId: 1, paymentSum: 1, ...period }, { signal }),
  ],
  ['marketplace.refundPayment', (a, signal) => a.marketplace.refundPayment(7, { signal })],
  ['marketplace.uninstall', (a, signal) => a.marketplace.uninstall(1, { signal })],
  ['marketplace.listTariffs', (a, signal) => a.marketplace.listTariffs({ signal })],
  [
    'marketplace.addDiscount',
    (a, signal) => a.marketplace.addDiscount({ locationIds: [1], discount: 5 }, { signal }),
  ],
  [
    'marketplace.createPaymentLink',
    (a, signal) => a.marketplace.createPaymentLink({ locationId: 1 }, { signal }),
  ],
  [
    'marketplace.setChannelAvailability',
    (a, signal) =>
      a.marketplace.setChannelAvailability(
        { locationId: 1, channelSlug: 'sms', isAvailable: true },
        { signal },
      ),
  ],
  [
    'marketplace.setShortNames',
    (a, signal) => a.marketplace.setShortNames({ locationId: 1, shortNames: ['A'] }, { signal }),
  ],
  [
    'marketplace.installFrame',
    (a, signal) =>
      a.marketplace.installFrame({ locationId: 1, type: 'chat', url: 'https://example.com' }, { signal }),
  ],
  ['marketplace.getWebhookSettings', (a, signal) => a.marketplace.getWebhookSettings(1, { signal })],
  [
    'marketplace.updateWebhookSettings',
    (a, signal) => a.marketplace.updateWebhookSettings(1, { urls: [], active: true }, { signal }),
  ],
  [
    'marketplace.addWebhookUrls',
    (a, signal) => a.marketplace.addWebhookUrls(1, ['https://example.com/h'], { signal }),
  ],
  [
    'marketplace.removeWebhookUrls',
    (a, signal) => a.marketplace.removeWebhookUrls(1, ['https://example.com/h'], { signal }),
  ],
  ['dictionaries.countries', (a, signal) => a.dictionaries.countries({ signal })],
  ['dictionaries.cities', (a, signal) => a.dictionaries.cities({}, { signal })],
  ['dictionaries.businessTypes', (a, signal) => a.dictionaries.businessTypes({ signal })],
  ['telephony.enable', (a, signal) => a.telephony.enable(CRM_TOKEN, { signal })],
  ['telephony.disable', (a, signal) => a.telephony.disable(CRM_TOKEN, { signal })],
  [
    'telephony.notifyCall',
    (a, signal) =>
      a.telephony.notifyCall(
        { crmToken: CRM_TOKEN, type: 'incoming', phone: '1', diversion: '2' },
        { signal },
      ),
  ],
  [
    'telephony.saveCall',
    (a, signal) =>
      a.telephony.saveCall({ crmToken: CRM_TOKEN, type: 'incoming', phone: '1', diversion: '2' }, { signal }),
  ],
  [
    'telephony.listCalls',
    (a, signal) =>
      a.telephony.listCalls({ locationId: 1, dateFrom: '2026-01-01', dateTo: '2026-01-31' }, { signal }),
  ],
  [
    'telephony.calls',
    (a, signal) =>
      drain(a.telephony.calls({ locationId: 1, dateFrom: '2026-01-01', dateTo: '2026-01-31' }, { signal })),
  ],
];

/** Records every request and answers each with `reply()`. */
function recordAll(reply: () => Response): Request[] {
  const seen: Request[] = [];
  server.use(
    http.all('*', ({ request }) => {
      seen.push(request);
      return reply();
    }),
  );
  return seen;
}

describe('{ signal } on every call', () => {
  it.each(calls)(
    '%s: an aborted signal sends nothing and rejects with RequestAbortedError',
    async (_, call) => {
      const seen = recordAll(() => HttpResponse.json({ success: true, data: null }));
      const error = await call(testClient(), AbortSignal.abort()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestAbortedError);
      expect(seen).toHaveLength(0);
    },
  );

  // A 503 on a read is retried after a delay; aborting during that delay must end the call there.
  it.each(
    calls.filter(([name]) => /get|list|locations|countries|cities|businessTypes|calls|reconcile/i.test(name)),
  )(
    '%s: aborted while waiting to retry a 503, it rejects with RequestAbortedError after one request',
    async (_, call) => {
      const seen = recordAll(() =>
        HttpResponse.json({ success: false, meta: { message: 'busy' } }, { status: 503 }),
      );
      const altegio = testClient({ retry: { limit: 3, initialDelay: 5_000, maxDelay: 5_000 } });
      const started = Date.now();
      const error = await call(altegio, AbortSignal.timeout(50)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestAbortedError);
      expect(seen).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(2_000);
    },
  );

  it('connect passes its signal to every call it makes', async () => {
    const seen = recordAll(() => HttpResponse.json({ success: true, data: null }));
    const report = await testClient().connect(
      { locationIds: [1, 2], crmToken: CRM_TOKEN },
      { signal: AbortSignal.abort() },
    );
    expect(seen).toHaveLength(0);
    expect(report.ok).toBe(false);
    expect(report.locations.map((l) => l.error)).toEqual([
      expect.any(RequestAbortedError),
      expect.any(RequestAbortedError),
    ]);
  });
});
