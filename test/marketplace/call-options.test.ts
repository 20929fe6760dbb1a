// The last argument of every call is checked before anything is sent: `null`, a non-object, or a
// `signal` that is not an AbortSignal is an InvalidInputError, never a TypeError from deep inside.
import { type AltegioClient, InvalidInputError } from 'altegio-marketplace';
import { HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { testClient, useMswServer } from '../helpers';

const server = useMswServer();
let sent: string[] = [];
beforeEach(() => {
  sent = [];
  server.use(
    http.all('*', ({ request }) => {
      sent.push(`${request.method} ${request.url}`);
      return HttpResponse.json({ success: true, data: [] });
    }),
  );
});

const drain = async (iterator: AsyncIterable<unknown>) => {
  for await (const _ of iterator) break;
};
const range = { locationId: 456, dateFrom: '2026-01-01', dateTo: '2026-01-31' };
const payment = {
  locationId: 456,
  currencyIso: 'USD',
  paymentSum: 10,
  paymentDate: '2026-01-01 00:00:00',
  periodFrom: '2026-01-01 00:00:00',
  periodTo: '2026-01-31 23:59:59',
};

// Every method of the client, called with valid input and `call` as its last argument.
const calls: [string, (a: AltegioClient, call: never) => Promise<unknown>][] = [
  ['marketplace.activate', (a, c) => a.marketplace.activate({ locationId: 456 }, c)],
  ['marketplace.activateWithRedirect', (a, c) => a.marketplace.activateWithRedirect({ locationId: 456 }, c)],
  ['marketplace.getInstallation', (a, c) => a.marketplace.getInstallation(456, c)],
  ['marketplace.listLocations', (a, c) => a.marketplace.listLocations({}, c)],
  ['marketplace.locations', (a, c) => drain(a.marketplace.locations({}, c))],
  ['marketplace.reportPayment', (a, c) => a.marketplace.reportPayment(payment, c)],
  ['marketplace.reconcilePayment', (a, c) => a.marketplace.reconcilePayment(payment, c)],
  ['marketplace.refundPayment', (a, c) => a.marketplace.refundPayment(1, c)],
  ['marketplace.uninstall', (a, c) => a.marketplace.uninstall(456, c)],
  ['marketplace.listTariffs', (a, c) => a.marketplace.listTariffs(c)],
  ['marketplace.addDiscount', (a, c) => a.marketplace.addDiscount({ locationIds: [456], discount: 5 }, c)],
  ['marketplace.createPaymentLink', (a, c) => a.marketplace.createPaymentLink({ locationId: 456 }, c)],
  [
    'marketplace.setChannelAvailability',
    (a, c) =>
      a.marketplace.setChannelAvailability({ locationId: 456, channelSlug: 'sms', isAvailable: true }, c),
  ],
  [
    'marketplace.setShortNames',
    (a, c) => a.marketplace.setShortNames({ locationId: 456, shortNames: ['A'] }, c),
  ],
  [
    'marketplace.installFrame',
    (a, c) => a.marketplace.installFrame({ locationId: 456, type: 'chat', url: 'https://v.example/f' }, c),
  ],
  ['marketplace.getWebhookSettings', (a, c) => a.marketplace.getWebhookSettings(456, c)],
  [
    'marketplace.updateWebhookSettings',
    (a, c) => a.marketplace.updateWebhookSettings(456, { urls: [], active: false }, c),
  ],
  ['marketplace.addWebhookUrls', (a, c) => a.marketplace.addWebhookUrls(456, ['https://v.example/h'], c)],
  [
    'marketplace.removeWebhookUrls',
    (a, c) => a.marketplace.removeWebhookUrls(456, ['https://v.example/h'], c),
  ],
  ['dictionaries.countries', (a, c) => a.dictionaries.countries(c)],
  ['dictionaries.cities', (a, c) => a.dictionaries.cities({}, c)],
  ['dictionaries.businessTypes', (a, c) => a.dictionaries.businessTypes(c)],
  ['telephony.enable', (a, c) => a.telephony.enable('crm-token-1', c)],
  ['telephony.disable', (a, c) => a.telephony.disable('crm-token-1', c)],
  [
    'telephony.notifyCall',
    (a, c) =>
      a.telephony.notifyCall(
        {
          crmToken: 'crm-token-1',
          type: 'incoming',
          from: '15550100',
          to: '15550101',
          state: 'ringing',
        } as never,
        c,
      ),
  ],
  ['telephony.saveCall', (a, c) => a.telephony.saveCall({} as never, c)],
  ['telephony.listCalls', (a, c) => a.telephony.listCalls(range, c)],
  ['telephony.calls', (a, c) => drain(a.telephony.calls(range, c))],
  ['connect', (a, c) => a.connect({ locationIds: [456] }, c)],
];

const bad: [string, unknown, string][] = [
  ['null', null, '(input)'],
  ['a string', 'x', '(input)'],
  ['a number', 5, '(input)'],
  ['an array', [], '(input)'],
  ['a string signal', { signal: 'x' }, 'signal'],
  ['a plain-object signal', { signal: {} }, 'signal'],
  ['a null signal', { signal: null }, 'signal'],
];

describe('call options of every method', () => {
  it('covers every method of the client', () => {
    const a = testClient();
    // Every method along the prototype chain: `marketplace` is built from several parts.
    const methodsOf = (object: object): string[] => {
      const names: string[] = [];
      for (let p = Object.getPrototypeOf(object); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        names.push(...Object.getOwnPropertyNames(p));
      }
      return [...new Set(names)];
    };
    const names = [
      ...methodsOf(a.marketplace).map((n) => `marketplace.${n}`),
      ...Object.getOwnPropertyNames(Object.getPrototypeOf(a.dictionaries)).map((n) => `dictionaries.${n}`),
      ...Object.getOwnPropertyNames(Object.getPrototypeOf(a.telephony)).map((n) => `telephony.${n}`),
      'connect',
    ].filter((n) => !n.endsWith('.constructor'));
    expect(names.sort()).toStrictEqual(calls.map(([name]) => name).sort());
  });

  describe.each(calls)('%s', (name, call) => {
    it.each(bad)('refuses %s before sending anything', async (_label, options, where) => {
      const error = await call(testClient(), options as never).then(
        () => new Error('expected a rejection'),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toContain(`Invalid input to ${name}: ${where}:`);
      expect(sent).toStrictEqual([]);
    });

    it('accepts a real AbortSignal and no options at all', async () => {
      // Whatever the fake answers, the call options themselves are not what fails.
      for (const options of [undefined, {}, { signal: new AbortController().signal }]) {
        await call(testClient(), options as never).catch((e: unknown) => {
          expect((e as Error).message ?? '').not.toMatch(/signal|call options/);
        });
      }
    });
  });
});

describe('refundPayment options', () => {
  it.each([
    ['a non-numeric locationId', { idempotencyKey: 'k', locationId: 'x' }, 'locationId'],
    ['a zero locationId', { idempotencyKey: 'k', locationId: 0 }, 'locationId'],
    ['an empty idempotencyKey', { idempotencyKey: '' }, 'idempotencyKey'],
    ['a numeric idempotencyKey', { idempotencyKey: 5 }, 'idempotencyKey'],
  ])('refuses %s before sending anything', async (_label, options, where) => {
    const error = await testClient()
      .marketplace.refundPayment(1, options as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(`${where}:`);
    expect(sent).toStrictEqual([]);
  });

  it('sends a refund with a valid key and location', async () => {
    await testClient().marketplace.refundPayment(1, { idempotencyKey: 'refund:1', locationId: 456 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/POST .*\/marketplace\/partner\/payment\/refund\/1$/);
  });
});
