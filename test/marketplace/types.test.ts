// Compile-time checks of the public types (tsc runs over test/), plus a runtime no-op so vitest counts it.
import type {
  AltegioClient,
  ConnectRedirect,
  ConnectReport,
  Installation,
  InstallationPayment,
  InstallationStatus,
  Location,
  LocationPage,
  ReportPaymentParams,
  Tariff,
} from 'altegio-marketplace';
import { describe, expectTypeOf, it } from 'vitest';

declare const altegio: AltegioClient;

describe('public types', () => {
  it('outputs are camelCase with wire dates as strings', () => {
    expectTypeOf<Installation['status']>().toEqualTypeOf<InstallationStatus>();
    expectTypeOf<Installation['payments']>().toEqualTypeOf<InstallationPayment[]>();
    expectTypeOf<InstallationPayment['paymentDate']>().toEqualTypeOf<string>();
    expectTypeOf<InstallationPayment['periodFrom']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Location['id']>().toEqualTypeOf<number>();
    expectTypeOf<Location['timezoneName']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<LocationPage['locations']>().toEqualTypeOf<Location[]>();
    expectTypeOf<Tariff['options'][number]['overallPrice']>().toEqualTypeOf<number | undefined>();
    // `altegio` exists only for the compiler: these lines are checked, never run.
    const typecheckOnly = () => {
      expectTypeOf(altegio.marketplace.getInstallation).returns.toEqualTypeOf<Promise<Installation | null>>();
      expectTypeOf(altegio.marketplace.reportPayment).returns.toEqualTypeOf<Promise<{ paymentId: number }>>();
      expectTypeOf(altegio.marketplace.locations()).toMatchTypeOf<AsyncIterable<Location>>();
      expectTypeOf(altegio.connect).returns.toEqualTypeOf<Promise<ConnectReport>>();
    };
    void typecheckOnly;
  });

  it('statuses are an open union that still autocompletes the documented values', () => {
    const known: InstallationStatus = 'freezed';
    const future: InstallationStatus = 'archived';
    expectTypeOf(known).toMatchTypeOf<string>();
    expectTypeOf(future).toMatchTypeOf<string>();
  });

  it('inputs accept Date | string and reject wrong shapes at compile time', () => {
    expectTypeOf<ReportPaymentParams['paymentDate']>().toEqualTypeOf<Date | string>();
    expectTypeOf<ConnectRedirect['locationIds']>().toEqualTypeOf<number[]>();
    const typecheckOnly = () => {
      // @ts-expect-error locationId is a number
      void altegio.marketplace.activate({ locationId: '456' });
      const channel = { locationId: 1, channelSlug: 'telegram', isAvailable: true } as const;
      // @ts-expect-error only the documented channels
      void altegio.marketplace.setChannelAvailability(channel);
      // @ts-expect-error currencyIso is required
      void altegio.marketplace.reportPayment({
        locationId: 1,
        paymentSum: 1,
        paymentDate: '',
        periodFrom: '',
        periodTo: '',
      });
      // @ts-expect-error reconcilePayment needs the paid period
      void altegio.marketplace.reconcilePayment({ locationId: 1, paymentSum: 1 });
      // A parsed redirect goes straight into connect.
      const redirect = {} as ConnectRedirect;
      void altegio.connect(redirect, { webhookUrls: (id) => [`https://v.example/${id}`] });
    };
    void typecheckOnly;
  });
});
