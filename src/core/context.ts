import type { PaymentLedger } from '../store/ledger';
import type { Logger } from './logger';
import type { Transport } from './transport';

/** What every resource of one client shares. Holds no token: those live in the transport's closure. */
export interface ClientContext {
  readonly transport: Transport;
  readonly applicationId: number;
  /** IANA zone used to format `Date` inputs. */
  readonly timeZone: string;
  readonly logger: Logger | undefined;
  /** Makes payments and refunds with an idempotency key exactly-once (memory store by default). */
  readonly ledger?: PaymentLedger | undefined;
}
