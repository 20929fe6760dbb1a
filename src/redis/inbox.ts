import { type JobsOptions, Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { integerOption } from '../core/rules';
import { ConfigurationError } from '../errors/configuration-error';
import type { InboxDelivery, InboxEvent, WebhookInbox } from '../webhooks/inbox';

/** Options of {@link createWebhookInbox}; give exactly one of `connection` and `client`. */
export interface WebhookInboxOptions {
  /**
   * Where Redis is: a `redis://` / `rediss://` URL or ioredis options. The inbox and its workers open
   * their own connections from it and close them in `close()`.
   * @default none (give this or `client`)
   */
  connection?: string | RedisOptions;
  /**
   * Your own ioredis client. The inbox uses it as is (and never closes it); a worker opens one
   * duplicate of it for its blocking reads. With ioredis' default offline queue, a `put` while Redis
   * is away waits up to `storeTimeoutMs` before the handler answers 503.
   * @default none (give this or `connection`)
   */
  client?: Redis;
  /**
   * Prefix of every Redis key the inbox writes, so several apps (or test runs) share one Redis.
   * Letters, digits and `:_.-`.
   * @default 'altegio'
   */
  prefix?: string;
  /**
   * How many times a worker runs an event's callback before the event becomes a dead letter.
   * A positive integer.
   * @default 8
   */
  attempts?: number;
  /**
   * First retry delay in milliseconds; it doubles on each further attempt (exponential backoff, so the
   * default 8 attempts span about four minutes). A non-negative integer.
   * @default 1000
   */
  backoffMs?: number;
  /**
   * How long `put` may take before the handler gives up and answers 503, in milliseconds. A positive
   * integer. An event stored just after the limit is still run once: a redelivery is deduped.
   * @default 2000
   */
  storeTimeoutMs?: number;
  /**
   * How long a finished event is kept in Redis (for inspection), in milliseconds. Dead letters are kept
   * until you replay them or remove them.
   * @default 86400000 (one day)
   */
  keepCompletedMs?: number;
}

/** @internal What a worker needs from the inbox it serves. */
export interface InboxInternals {
  queue: Queue;
  prefix: string;
  name: string;
  /** A new connection suitable for a BullMQ worker (blocking reads), which the caller closes. */
  workerConnection(): Redis;
}

/** The inbox {@link createWebhookInbox} returns: a {@link WebhookInbox} you pass to handlers and workers. */
export interface RedisWebhookInbox extends WebhookInbox {
  /** Stops the inbox: closes the connections it opened (never a `client` you passed). */
  close(): Promise<void>;
}

/** The queue every inbox uses inside its prefix. */
const QUEUE = 'webhooks';
const internals = new WeakMap<RedisWebhookInbox, InboxInternals>();

/** @internal The internals of an inbox made by {@link createWebhookInbox}, for workers. */
export function inboxInternals(inbox: unknown): InboxInternals {
  const found = typeof inbox === 'object' && inbox !== null && internals.get(inbox as RedisWebhookInbox);
  if (!found) {
    throw new ConfigurationError('inbox', 'inbox must be the result of createWebhookInbox(...).');
  }
  return found;
}

/** Job data as stored: the kind and the verified event, nothing else. */
export type StoredEvent = InboxEvent;

function timeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the inbox did not store the event within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Creates a durable webhook inbox on Redis, built on BullMQ: handlers with `inbox` store each verified
 * event in it and answer at once, and {@link createWebhookWorker} runs your callbacks from it, with
 * retries, backoff, stalled-job recovery and a dead-letter set.
 *
 * An event is stored as `{ kind, event }`: the verified event the handler would have passed to your
 * callback, which never holds the partner token. Identical deliveries are deduped in Redis, across any
 * number of instances: `uninstall` and `freeze` only while the first is waiting or running, the rest
 * within the handler's `seenTtlMs`.
 *
 * @throws {ConfigurationError} when `options` is missing, neither or both of `connection` and `client` are given, the URL is
 * not a `redis://` URL, or `prefix` / `attempts` / `backoffMs` / `storeTimeoutMs` / `keepCompletedMs`
 * is invalid.
 * @example
 * ```ts
 * import { createWebhookInbox } from 'altegio-marketplace/redis';
 * const inbox = createWebhookInbox({ connection: process.env.REDIS_URL! });
 * const lifecycle = createLifecycleHandler({ partnerToken, applicationId, inbox });
 * ```
 */
export function createWebhookInbox(options: WebhookInboxOptions): RedisWebhookInbox {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      'connection',
      'createWebhookInbox expects { connection } (a redis:// URL or ioredis options) or { client } (an ioredis client).',
    );
  }
  const { connection, client } = options;
  if ((connection === undefined) === (client === undefined)) {
    throw new ConfigurationError(
      'connection',
      'Give createWebhookInbox exactly one of connection (a redis:// URL or ioredis options) and client (an ioredis client).',
    );
  }
  if (typeof connection === 'string' && !/^rediss?:\/\//.test(connection)) {
    // The URL may hold a password: it is never echoed.
    throw new ConfigurationError('connection', 'connection must be a redis:// or rediss:// URL.');
  }
  if (connection !== undefined && typeof connection !== 'string' && typeof connection !== 'object') {
    throw new ConfigurationError('connection', 'connection must be a redis:// URL or ioredis options.');
  }
  if (client !== undefined && (typeof client !== 'object' || typeof client?.duplicate !== 'function')) {
    throw new ConfigurationError('client', 'client must be an ioredis client (new Redis(...)).');
  }
  const prefix = options.prefix ?? 'altegio';
  if (typeof prefix !== 'string' || !/^[\w:.-]{1,64}$/.test(prefix)) {
    throw new ConfigurationError('prefix', 'prefix must be 1-64 letters, digits or :_.- characters.');
  }
  const attempts = integerOption('attempts', options.attempts, 8, 1);
  const backoffMs = integerOption('backoffMs', options.backoffMs, 1_000, 0);
  const storeTimeoutMs = integerOption('storeTimeoutMs', options.storeTimeoutMs, 2_000, 1);
  const keepCompletedMs = integerOption('keepCompletedMs', options.keepCompletedMs, 86_400_000, 0);

  const open = (extra: RedisOptions): Redis =>
    typeof connection === 'string'
      ? new Redis(connection, extra)
      : new Redis({ ...(connection as RedisOptions), ...extra });
  // A producer fails fast while Redis is away (no offline queue), so the handler can answer 503.
  const own = client === undefined ? open({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined;
  // Swallowed here: a down Redis surfaces as a rejected put (503), not as an unhandled 'error' event.
  own?.on('error', () => {});
  const queue = new Queue(QUEUE, { connection: own ?? (client as Redis), prefix });
  queue.on('error', () => {});

  const jobOptions: JobsOptions = {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: { age: Math.ceil(keepCompletedMs / 1000) },
    removeOnFail: false,
    // A failure keeps its message only: stack traces may quote data.
    stackTraceLimit: 0,
  };

  const inbox: RedisWebhookInbox = {
    async put(delivery: InboxDelivery) {
      const jobId = globalThis.crypto.randomUUID();
      const data: StoredEvent = { kind: delivery.kind, event: delivery.event } as StoredEvent;
      const job = await timeout(
        queue.add(delivery.kind, data, {
          ...jobOptions,
          jobId,
          // Without a ttl, BullMQ drops the dedupe key once the job completes or fails: "in flight".
          deduplication:
            delivery.dedupeMs > 0 ? { id: delivery.key, ttl: delivery.dedupeMs } : { id: delivery.key },
        }),
        storeTimeoutMs,
      );
      return job.id === jobId ? 'stored' : 'duplicate';
    },
    async close() {
      await queue.close().catch(() => {});
      if (own) await own.quit().catch(() => own.disconnect());
    },
  };
  internals.set(inbox, {
    queue,
    prefix,
    name: QUEUE,
    workerConnection: () => {
      const redis = client
        ? client.duplicate({ maxRetriesPerRequest: null })
        : open({ maxRetriesPerRequest: null });
      redis.on('error', () => {});
      return redis;
    },
  });
  return inbox;
}
