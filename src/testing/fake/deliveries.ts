import { createLifecycleBody } from '../signers';
import { JSON_TYPE } from './routes/reply';
import type { FakeWebhookDelivery } from './types';

// The lifecycle webhooks the fake sends to the vendor's callback URL, and the record of each.

/** How long the fake waits for the vendor's callback to answer. */
const DELIVERY_TIMEOUT_MS = 10_000;

/** What a delivery needs from the fake. */
export interface DeliveryHost {
  readonly partnerToken: string;
  readonly applicationId: number;
  readonly accept: string;
  readonly fetch: typeof globalThis.fetch | undefined;
  /** Read at each delivery: the vendor may set it after creating the fake. */
  callbackUrl(): string | undefined;
}

/** Sends lifecycle webhooks and keeps the record. @internal */
export class Deliveries {
  readonly #host: DeliveryHost;
  readonly list: FakeWebhookDelivery[] = [];
  readonly #inflight = new Set<Promise<unknown>>();

  constructor(host: DeliveryHost) {
    this.#host = host;
  }

  /** POSTs `event` for `locationId` (the signed body when given) to the callback URL. */
  send(
    event: FakeWebhookDelivery['event'],
    locationId: number,
    signedBody?: string,
  ): Promise<FakeWebhookDelivery> {
    const url = this.#host.callbackUrl();
    const delivery: FakeWebhookDelivery = { event, locationId, url, status: undefined };
    this.list.push(delivery);
    if (url === undefined) {
      delivery.error = 'no callbackUrl configured';
      return Promise.resolve({ ...delivery });
    }
    const { partnerToken, applicationId, accept } = this.#host;
    const sent = (this.#host.fetch ?? globalThis.fetch)(url, {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE, accept },
      body: signedBody ?? createLifecycleBody({ partnerToken, applicationId, locationId, event }),
      // A redirect is not followed: following it would resend the body (and its partner_token) elsewhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    }).then(
      async (response) => {
        await response.body?.cancel();
        if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
          delivery.error = `the callback URL answered a redirect (${response.status || '3xx'}); not followed, the delivery failed`;
          return { ...delivery };
        }
        delivery.status = response.status;
        return { ...delivery };
      },
      (error: unknown) => {
        delivery.error = error instanceof Error ? error.message : String(error);
        return { ...delivery };
      },
    );
    this.#inflight.add(sent);
    void sent.finally(() => this.#inflight.delete(sent));
    return sent;
  }

  /** Resolves once every delivery started so far has been answered. */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  clear(): void {
    this.list.length = 0;
  }
}
