// Check 2: the backend reports a payment.
import { sawDuring } from '../observe';
import type { Check } from './check';
import { awaitMoney, type CheckSpec, L1, noteSent, type Rehearsal } from './context';

async function run(r: Rehearsal, check: Check): Promise<void> {
  const { fake } = r;
  const before = fake.payments(L1).length;
  const since = fake.requests.length;
  const arrived = await awaitMoney(r, check, 'payment', r.hookEnv, () => fake.payments(L1).length > before);
  noteSent(r, check, since);
  check.require(arrived, `Altegio received a valid payment for location ${L1} within ${r.timeout} s`, () =>
    sawDuring(r.host, since, (x) => x.path === '/marketplace/partner/payment'),
  );
  const payment = fake.payments(L1).at(-1);
  r.paymentId = payment?.id;
  check.expect(
    /^[A-Z]{3}$/.test(payment?.currencyIso ?? '') && (payment?.paymentSum ?? 0) > 0,
    'the amount and an ISO currency were sent',
    () => `${payment?.paymentSum} ${payment?.currencyIso}`,
  );
  check.expect(
    (payment?.periodTo ?? '') > (payment?.periodFrom ?? ''),
    'the paid period was sent (period_from before period_to)',
    () => `${payment?.periodFrom} → ${payment?.periodTo}`,
  );
  check.note(
    `Altegio holds payment ${payment?.id}: ${payment?.paymentSum} ${payment?.currencyIso}, ${payment?.periodFrom} → ${payment?.periodTo}`,
  );
}

/** Check 2: a payment with amount, ISO currency and paid period reaches Altegio. */
export const paymentCheck: CheckSpec = {
  title: 'Sending payment data',
  anchor: 'check-2-payment-data',
  run,
};
