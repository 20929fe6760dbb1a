// The five checks of Altegio's moderation, in the order Altegio runs them.
import { connectCheck } from './connect';
import type { CheckSpec } from './context';
import { paymentCheck } from './payment';
import { reconnectCheck } from './reconnect';
import { refundCheck } from './refund';
import { registeredCheck } from './registered';

/** The five checks, in order: check `n` is `CHECKS[n - 1]`. */
export const CHECKS: readonly CheckSpec[] = [
  connectCheck,
  paymentCheck,
  refundCheck,
  reconnectCheck,
  registeredCheck,
];
