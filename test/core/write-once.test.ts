import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { OutcomeUnknownError } from 'altegio-marketplace';
import { APP, testClient } from '../helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const unavailable = () =>
  HttpResponse.json({ success: false, meta: { message: 'Service unavailable' } }, { status: 503 });
const payment = {
  locationId: 1,
  currencyIso: 'USD',
  paymentSum: 10,
  paymentDate: '2026-01-01 00:00:00',
  periodFrom: '2026-01-01 00:00:00',
  periodTo: '2026-01-31 23:59:59',
};

it.each([
  [
    'reportPayment',
    '/marketplace/partner/payment',
    (c: ReturnType<typeof testClient>) => c.marketplace.reportPayment(payment),
  ],
  [
    'refundPayment',
    '/marketplace/partner/payment/refund/9',
    (c: ReturnType<typeof testClient>) => c.marketplace.refundPayment(9),
  ],
  [
    'activate',
    '/marketplace/partner/callback',
    (c: ReturnType<typeof testClient>) => c.marketplace.activate({ locationId: 1 }),
  ],
])('sends %s once when Altegio answers 503: its outcome is unknown', async (_name, path, call) => {
  let count = 0;
  server.use(
    http.post(`${APP}${path}`, () => {
      count++;
      return unavailable();
    }),
    // activate reads the installation first and posts only for a pending one.
    http.get(`${APP}/marketplace/salon/1/application/123`, () =>
      HttpResponse.json({ success: true, data: { connection_status: { status: 'pending' } } }),
    ),
  );
  const error = await call(testClient()).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OutcomeUnknownError);
  expect(error).toMatchObject({ reason: 'server-error', status: 503 });
  expect(count).toBe(1);
});

it('still retries a 503 to a read', async () => {
  let count = 0;
  server.use(
    http.get(`${APP}/marketplace/salon/1/application/123`, () => {
      count++;
      return count < 3
        ? unavailable()
        : HttpResponse.json({ success: true, data: { connection_status: { status: 'active' } } });
    }),
  );
  await expect(testClient().marketplace.getInstallation(1)).resolves.toMatchObject({ status: 'active' });
  expect(count).toBe(3);
});
