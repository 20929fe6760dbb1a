import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APP, testClient } from '../helpers';

const server = setupServer(
  http.post(`${APP}/marketplace/partner/payment`, () =>
    HttpResponse.json({ success: true, data: { id: 42 } }),
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it('keeps a recorded payment when the logger throws', async () => {
  const seen: string[] = [];
  const altegio = testClient({
    logger: {
      debug(message) {
        seen.push(message);
        throw new Error('log sink down');
      },
    },
  });
  const result = await altegio.marketplace.reportPayment({
    locationId: 1,
    currencyIso: 'USD',
    paymentSum: 10,
    paymentDate: '2026-01-01 00:00:00',
    periodFrom: '2026-01-01 00:00:00',
    periodTo: '2026-01-31 23:59:59',
  });
  expect(result).toEqual({ paymentId: 42 });
  expect(seen).toContain('altegio response');
});
