/**
 * The defaults of the webhook handlers and verifiers (also `DEFAULTS.webhooks` in the root entry).
 *
 * @example
 * ```ts
 * import { WEBHOOK_DEFAULTS } from 'altegio-marketplace/webhooks';
 *
 * createLifecycleHandler({ partnerToken, applicationId, maxBodyBytes: WEBHOOK_DEFAULTS.maxBodyBytes * 2 });
 * ```
 */
export const WEBHOOK_DEFAULTS = /* @__PURE__ */ Object.freeze({
  /** Largest body a handler reads, in bytes. */
  maxBodyBytes: 65_536,
  /** How long a processed lifecycle delivery counts as seen (15 minutes). */
  lifecycleSeenTtlMs: 900_000,
  /** How long a processed entity delivery counts as seen (1 minute). */
  entitySeenTtlMs: 60_000,
  /** Keys the in-memory seen store keeps. */
  memorySeenStoreMaxKeys: 10_000,
  /** Shortest secret `signWebhookUrl` accepts. */
  minSecretLength: 16,
});

/**
 * Every default of the SDK, in one place: the client, the webhook handlers and the docs read them
 * from here, so a default is written once.
 *
 * @example
 * ```ts
 * import { DEFAULTS } from 'altegio-marketplace';
 *
 * createAltegioClient({ timeout: { read: DEFAULTS.timeout.read * 2 } });
 * ```
 */
export const DEFAULTS = /* @__PURE__ */ Object.freeze({
  /** The brand preset the client talks to. */
  platform: 'altegio',
  /** IANA zone in which `Date` inputs are written to the wire. */
  timeZone: 'UTC',
  /**
   * Milliseconds one attempt may take. Writes (POST) get longer, as Altegio's own integrations hub
   * gives them: a slow payment is then less often "outcome unknown".
   */
  timeout: Object.freeze({
    /** Per attempt of a GET. */
    read: 10_000,
    /** Per attempt of a POST. */
    write: 30_000,
  }),
  /** Retry policy of the client. */
  retry: Object.freeze({
    /** Retries after the first attempt. */
    limit: 2,
    /** Base of the exponential backoff, in ms. */
    initialDelay: 500,
    /** Longest backoff between two attempts, in ms. */
    maxDelay: 8_000,
    /** Longest `Retry-After` waited for, in ms. */
    maxRetryAfter: 60_000,
  }),
  /** Client-side rate limit, Altegio's own (5 a second, 200 a minute per IP). */
  rateLimit: Object.freeze({
    /** Requests a second. */
    perSecond: 5,
    /** Requests a minute. */
    perMinute: 200,
  }),
  /** Webhook handlers and verifiers. */
  webhooks: WEBHOOK_DEFAULTS,
});

/** The type of {@link DEFAULTS}. */
export type Defaults = typeof DEFAULTS;

/** The largest delay `setTimeout` honours; beyond it timers fire at once. */
export const MAX_DELAY = 2_147_483_647;
