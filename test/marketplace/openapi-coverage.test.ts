// Every operation of Altegio's OpenAPI bundle (a verbatim copy in test/fixtures) has a typed method of
// the client that sends it, or, for the inbound `marketplace_webhook`, a verifier. A new operation in
// the bundle fails this test until it gets one.
import { verifyLifecycleEvent } from 'altegio-marketplace/webhooks';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import bundle from '../fixtures/altegio-developers.openapi.json' with { type: 'json' };
import { testClient, useMswServer } from '../helpers';

const server = useMswServer();
type Client = ReturnType<typeof testClient>;

interface Sent {
  method: string;
  path: string;
}

// What each operation's method sends: the bundle's path with its parameters filled in.
const methods: Record<string, { path: string; call: (c: Client) => Promise<unknown> }> = {
  list_marketplace_app_locations: {
    path: '/marketplace/application/123/salons',
    call: (c) => c.marketplace.listLocations(),
  },
  marketplace_partner_applications_tariffs_list: {
    path: '/marketplace/application/123/tariffs',
    call: (c) => c.marketplace.listTariffs(),
  },
  marketplace_partner_application_add_discount: {
    path: '/marketplace/application/add_discount',
    call: (c) => c.marketplace.addDiscount({ locationIds: [1], discount: 5 }),
  },
  marketplace_partner_application_payment_link: {
    path: '/marketplace/application/payment_link',
    call: (c) => c.marketplace.createPaymentLink({ locationId: 1, tariffOptionId: 2 }),
  },
  marketplace_partner_applications_update_channel: {
    path: '/marketplace/application/update_channel',
    call: (c) =>
      c.marketplace.setChannelAvailability({ locationId: 1, channelSlug: 'sms', isAvailable: true }),
  },
  get_marketplace_integration_status: {
    path: '/marketplace/salon/1/application/123',
    call: (c) => c.marketplace.getInstallation(1),
  },
  uninstall_marketplace_app: {
    path: '/marketplace/salon/1/application/123/uninstall',
    call: (c) => c.marketplace.uninstall(1),
  },
  marketplace_notification_settings_callback: {
    path: '/marketplace/partner/callback',
    call: (c) => c.marketplace.activate({ locationId: 1 }),
  },
  marketplace_notification_settings_redirect_callback: {
    path: '/marketplace/partner/callback/redirect',
    call: (c) => c.marketplace.activateWithRedirect({ locationId: 1 }),
  },
  marketplace_notification_payment_callback: {
    path: '/marketplace/partner/payment',
    call: (c) =>
      c.marketplace.reportPayment({
        locationId: 1,
        currencyIso: 'USD',
        paymentSum: 1,
        paymentDate: '2026-01-01 00:00:00',
        periodFrom: '2026-01-01 00:00:00',
        periodTo: '2026-01-31 00:00:00',
      }),
  },
  marketplace_payment_refund_callback: {
    path: '/marketplace/partner/payment/refund/5',
    call: (c) => c.marketplace.refundPayment(5),
  },
  set_marketplace_notification_short_names: {
    path: '/marketplace/partner/short_names',
    call: (c) => c.marketplace.setShortNames({ locationId: 1, shortNames: ['A'] }),
  },
  get_event_notification_settings: {
    path: '/hooks_settings/1',
    call: (c) => c.marketplace.getWebhookSettings(1),
  },
  update_event_notification_settings: {
    path: '/hooks_settings/1',
    call: (c) => c.marketplace.updateWebhookSettings(1, { urls: [], active: false }),
  },
  handle_voip_integration_event: {
    path: '/voip/integration',
    call: (c) => c.telephony.enable('7cf262d6-1656-43f9-86ac-2826bdc125d2'),
  },
  list_voip_calls: {
    path: '/voip/integration/calls',
    call: (c) => c.telephony.listCalls({ locationId: 1, dateFrom: '2026-01-01', dateTo: '2026-01-02' }),
  },
  get_country_list: { path: '/countries', call: (c) => c.dictionaries.countries() },
  get_city_list: { path: '/cities', call: (c) => c.dictionaries.cities({ countryId: 7 }) },
  get_business_types_by_group: {
    path: '/references/business_groups_with_types',
    call: (c) => c.dictionaries.businessTypes(),
  },
};
// Inbound operations: Altegio calls the vendor; the SDK verifies what arrives.
const verifiers: Record<string, unknown> = { marketplace_webhook: verifyLifecycleEvent };

const operations = Object.entries(
  bundle.paths as Record<string, Record<string, { operationId?: string }>>,
).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({
      id: op.operationId ?? `${method} ${path}`,
      method: method.toUpperCase(),
      path,
    })),
);

describe('the OpenAPI bundle is covered', () => {
  it('reads every operation of the bundle', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it.each(operations)(
    '$id ($method $path) has a typed method or a verifier',
    async ({ id, method, path }) => {
      if (id in verifiers) {
        expect(typeof verifiers[id]).toBe('function');
        return;
      }
      const entry = methods[id];
      expect(entry, `no method of the client sends ${id}`).toBeDefined();
      if (!entry) return;
      const sent: Sent[] = [];
      const answer = (request: Request) => {
        const url = new URL(request.url);
        sent.push({ method: request.method, path: url.pathname });
        // The installation read of `activate` answers pending, so the callback is sent.
        const data = url.pathname.includes('/marketplace/salon/')
          ? { connection_status: { status: 'pending' } }
          : url.pathname.endsWith('/payment')
            ? { id: 1 }
            : url.pathname.endsWith('/payment_link')
              ? { url: 'https://x.example' }
              : url.pathname.includes('/hooks_settings/')
                ? { urls: [], active: 0 }
                : /\/(countries|cities|business_groups_with_types|tariffs|salons|calls)$/.test(url.pathname)
                  ? []
                  : null;
        return HttpResponse.json({ success: true, data, meta: [] }, { status: 200 });
      };
      server.use(
        http.all('https://app.alteg.io/*', ({ request }) => answer(request)),
        http.all('https://api.alteg.io/*', ({ request }) => answer(request)),
      );
      await entry.call(testClient()).catch(() => undefined);
      const filled = entry.path;
      // The bundle's template, with parameters, must match the path the method filled in.
      const template = new RegExp(`${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      expect(filled).toMatch(template);
      expect(sent.some((request) => request.method === method && request.path.endsWith(filled))).toBe(true);
    },
  );

  it('maps no operation the bundle does not have', () => {
    const ids = new Set(operations.map((op) => op.id));
    expect(Object.keys(methods).filter((id) => !ids.has(id))).toStrictEqual([]);
  });
});
