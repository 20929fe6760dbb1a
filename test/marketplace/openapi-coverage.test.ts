// Every operation of Altegio's OpenAPI bundle (a verbatim copy in test/fixtures) has a typed method of
// the client that sends it, or, for the inbound `marketplace_webhook`, a verifier; and what the method
// sends is what the bundle documents for that operation: its host, its path, its query parameters, its
// JSON body (against the operation's requestBody schema) and its auth scheme. A new operation in the
// bundle fails this test until it gets one.
import { verifyLifecycleEvent } from 'altegio-marketplace/webhooks';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import bundle from '../fixtures/altegio-developers.openapi.json' with { type: 'json' };
import { PARTNER_TOKEN, testClient, USER_TOKEN, useMswServer } from '../helpers';

const server = useMswServer();
type Client = ReturnType<typeof testClient>;

interface Sent {
  method: string;
  url: URL;
  authorization: string | null;
  body: unknown;
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

// The SDK's documented choices where it departs from the bundle (docs/connect-and-billing.md "Hosts",
// the wire-truth corrections), each with its reason. Nothing else may differ.
const APP_HOST = 'https://app.alteg.io';
const choices: Record<string, { host?: string; query?: readonly string[]; bodyAsQuery?: boolean }> = {
  // The application group has no server of its own in the bundle; the SDK follows Altegio's own
  // integrations hub and sends it to the partner host (`applicationBaseUrl`).
  marketplace_partner_applications_tariffs_list: { host: APP_HOST },
  marketplace_partner_application_add_discount: { host: APP_HOST },
  // payment_link also takes tariff_option_id (the hub sends it).
  marketplace_partner_application_payment_link: { host: APP_HOST, query: ['tariff_option_id'] },
  marketplace_partner_applications_update_channel: { host: APP_HOST },
  // A GET cannot carry a body: the bundle's requestBody of the call list is sent as the query.
  list_voip_calls: { bodyAsQuery: true },
};

type Json = Record<string, unknown>;
interface Schema {
  $ref?: string;
  type?: string;
  enum?: readonly unknown[];
  items?: Schema;
  required?: readonly string[];
  properties?: Record<string, Schema>;
  anyOf?: readonly Schema[];
  oneOf?: readonly Schema[];
  schema?: Schema;
  in?: string;
  name?: string;
  content?: Record<string, { schema?: Schema }>;
}

/** Follows a local `$ref` of the bundle. */
function resolve<T extends Schema>(node: T | undefined): T | undefined {
  if (!node?.$ref) return node;
  let target: unknown = bundle;
  for (const part of node.$ref.replace(/^#\//, '').split('/')) target = (target as Json)[part];
  return resolve(target as T);
}

function valueProblems(schema: Schema | undefined, value: unknown, where: string): string[] {
  const s = resolve(schema);
  if (!s) return [];
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const each = branches.map((branch) => valueProblems(branch, value, where));
    return each.some((problems) => problems.length === 0) ? [] : [`${where}: matches no schema of anyOf`];
  }
  if (s.enum && !s.enum.includes(value)) return [`${where}: not one of ${s.enum.join(', ')}`];
  switch (s.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${where}: expected a string`];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : [`${where}: expected a number`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${where}: expected an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${where}: expected a boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${where}: expected an array`];
      return value.flatMap((item, i) => valueProblems(s.items, item, `${where}[${i}]`));
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return [`${where}: expected an object`];
      }
      const problems = (s.required ?? [])
        .filter((key) => !(key in value))
        .map((key) => `${where}: missing ${key}`);
      for (const [key, item] of Object.entries(value)) {
        const property = s.properties?.[key];
        if (!property) problems.push(`${where}: undeclared ${key}`);
        else problems.push(...valueProblems(property, item, `${where}.${key}`));
      }
      return problems;
    }
    default:
      return [];
  }
}

/** A query value as the type its parameter declares (`types[]=a&types[]=b` → an array). */
function queryObject(query: URLSearchParams): Json {
  const out: Json = {};
  for (const [rawKey, value] of query) {
    const key = rawKey.replace(/\[\]$/, '');
    const number = value !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
    const item = value === 'true' ? true : value === 'false' ? false : (number ?? value);
    if (rawKey.endsWith('[]')) out[key] = [...((out[key] as unknown[]) ?? []), value];
    else out[key] = item;
  }
  return out;
}

interface BundleOperation {
  operationId?: string;
  servers?: { url: string }[];
  parameters?: Schema[];
  requestBody?: Schema;
  security?: Record<string, unknown>[];
}

const operations = Object.entries(
  bundle.paths as unknown as Record<
    string,
    Record<string, BundleOperation> & { servers?: { url: string }[] }
  >,
).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({
      id: (op as BundleOperation).operationId ?? `${method} ${path}`,
      method: method.toUpperCase(),
      path,
      op: op as BundleOperation,
      server: ((op as BundleOperation).servers ?? item.servers ?? bundle.servers)[0]?.url ?? '',
    })),
);

/** Everything the request `sent` for operation `op` departs from the bundle in. */
function problemsOf(operation: (typeof operations)[number], filled: string, sent: Sent): string[] {
  const { id, op } = operation;
  const choice = choices[id] ?? {};
  const problems: string[] = [];
  // Host and path: the operation's server (or the documented choice) followed by the filled path.
  const base = choice.host ?? operation.server;
  if (`${sent.url.origin}${sent.url.pathname}` !== `${base}${filled}`) {
    problems.push(`host/path: sent ${sent.url.origin}${sent.url.pathname}, expected ${base}${filled}`);
  }
  // Query parameters: the declared ones (required present, values of their type), nothing else.
  const params = (op.parameters ?? []).map((p) => resolve(p)).filter((p) => p?.in === 'query') as Schema[];
  const query = queryObject(sent.url.searchParams);
  const bodySchema = resolve(resolve(op.requestBody)?.content?.['application/json']?.schema);
  if (choice.bodyAsQuery) {
    problems.push(...valueProblems(bodySchema, query, 'query'));
  } else {
    for (const param of params) {
      const name = param.name ?? '';
      if ((param as unknown as { required?: boolean }).required && !(name in query))
        problems.push(`query: missing ${name}`);
      if (name in query) problems.push(...valueProblems(param.schema, query[name], `query.${name}`));
    }
    const declared = new Set([...params.map((p) => p.name), ...(choice.query ?? [])]);
    for (const key of Object.keys(query)) if (!declared.has(key)) problems.push(`query: undeclared ${key}`);
    // The JSON body against the operation's requestBody schema; none when it declares none.
    if (operation.method !== 'GET') {
      if (bodySchema) problems.push(...valueProblems(bodySchema, sent.body, 'body'));
      else if (sent.body !== undefined) problems.push('body: the operation declares no body');
    }
  }
  // The auth scheme of the operation's security.
  const scheme = Object.keys(op.security?.[0] ?? {})[0];
  const expected =
    scheme === 'BearerPartnerUser'
      ? `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`
      : scheme === 'BearerPartner'
        ? `Bearer ${PARTNER_TOKEN}`
        : undefined;
  if (expected !== undefined && sent.authorization !== expected) problems.push(`auth: expected ${scheme}`);
  return problems;
}

/** Altegio's answer to `url`: data of the shape each method reads. */
function answer(url: URL): Response {
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
}

describe('the OpenAPI bundle is covered', () => {
  it('reads every operation of the bundle', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it.each(operations)('$id ($method $path): a typed method sends it as documented', async (operation) => {
    const { id, method, path } = operation;
    if (id in verifiers) {
      expect(typeof verifiers[id]).toBe('function');
      return;
    }
    const entry = methods[id];
    expect(entry, `no method of the client sends ${id}`).toBeDefined();
    if (!entry) return;
    const sent: Sent[] = [];
    // Every host answers, so a request sent to the wrong one is seen (and refused below).
    server.use(
      http.all('*', async ({ request }) => {
        const text = request.method === 'GET' ? '' : await request.text();
        const url = new URL(request.url);
        sent.push({
          method: request.method,
          url,
          authorization: request.headers.get('authorization'),
          body: text === '' ? undefined : JSON.parse(text),
        });
        return answer(url);
      }),
    );
    await entry.call(testClient());
    const filled = entry.path;
    // The bundle's template, with parameters, must match the path the method filled in.
    expect(filled).toMatch(new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/{}]+')}$`));
    const request = sent.find((r) => r.method === method && r.url.pathname.endsWith(filled));
    expect(request, `${id}: no ${method} …${filled} was sent`).toBeDefined();
    if (!request) return;
    const problems = problemsOf(operation, filled, request);
    expect(problems).toStrictEqual([]);
  });

  it('maps no operation the bundle does not have', () => {
    const ids = new Set(operations.map((op) => op.id));
    expect(Object.keys(methods).filter((id) => !ids.has(id))).toStrictEqual([]);
    expect(Object.keys(choices).filter((id) => !ids.has(id))).toStrictEqual([]);
  });
});
