// Check 3: the backend reports the refund of check 2's payment.
import { sawDuring } from '../observe';
import type { Check } from './check';
import { awaitMoney, type CheckSpec, L1, noteSent, type Rehearsal } from './context';

async function run(r: Rehearsal, check: Check): Promise<void> {
  const { fake, paymentId } = r;
  check.require(paymentId !== undefined, 'there is a payment to refund (check 2)', () => 'no payment');
  const since = fake.requests.length;
  const refunded = () => fake.payments(L1).some((p) => p.id === paymentId && p.isRefunded);
  const env = { ...r.hookEnv, ALTEGIO_PAYMENT_ID: String(paymentId) };
  const arrived = await awaitMoney(r, check, 'refund', env, refunded);
  noteSent(r, check, since);
  check.expect(arrived, `Altegio shows payment ${paymentId} as refunded within ${r.timeout} s`, () =>
    sawDuring(r.host, since, (x) => x.path.startsWith('/marketplace/partner/payment/refund')),
  );
}

/** Check 3: Altegio shows the payment of check 2 as refunded. */
export const refundCheck: CheckSpec = {
  title: 'Sending payment refund data',
  anchor: 'check-3-refund-data',
  run,
};
