import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { integerOption } from '../core/rules';
import { ConfigurationError } from '../errors/configuration-error';
import type { EntityEvent } from '../webhooks/entity';
import type { Logger } from '../core/logger';
import { callbackOption, handlerLogger, type WebhookCallback } from '../webhooks/handler-core';
import type { InboxEvent } from '../webhooks/inbox';
import { warnUnknownLifecycle } from '../webhooks/lifecycle-handler';
import type { FreezeEvent, PaymentEvent, UninstallEvent, UnknownLifecycleEvent } from '../webhooks/lifecycle';
import { inboxInternals, type RedisWebhookInbox, type StoredEvent } from './inbox';

/** Options of {@link createWebhookWorker}: the inbox and the callbacks a direct-mode handler would take. */
export interface WebhookWorkerOptions {
  /** The inbox the handlers store into ({@link createWebhookInbox}). */
  inbox: RedisWebhookInbox;
  /**
   * Runs for `uninstall`. Make it idempotent: a worker killed mid-callback runs it again.
   * @default none (the event is acknowledged)
   */
  onUninstall?: WebhookCallback<UninstallEvent>;
  /**
   * Runs for `freeze`.
   * @default none (the event is acknowledged)
   */
  onFreeze?: WebhookCallback<FreezeEvent>;
  /**
   * Runs for `payment` (its `sign` was verified by the handler).
   * @default none (the event is acknowledged)
   */
  onPayment?: WebhookCallback<PaymentEvent>;
  /**
   * Runs for a verified lifecycle event whose `event` value this SDK does not know.
   * @default reports the event name and location to `logger.warn`
   */
  onUnknown?: WebhookCallback<UnknownLifecycleEvent>;
  /**
   * Runs for every entity event. Without it, entity events fail and end as dead letters.
   * @default none
   */
  on?: WebhookCallback<EntityEvent>;
  /**
   * How many events this worker runs at once. A positive integer.
   * @default 4
   */
  concurrency?: number;
  /**
   * How long a running event stays locked to this worker without a heartbeat, in milliseconds. A worker
   * that dies (crash, `kill -9`, lost network) loses the lock after this long, and another worker (or
   * this one, restarted) runs the event again. The lock is renewed while your callback runs, so a
   * callback may take longer. An event whose worker dies twice becomes a dead letter. A positive
   * integer, at least 1000.
   * @default 30000
   */
  lockDurationMs?: number;
  /**
   * Called when a callback fails (each attempt; `deadLetter` is true on the last) and on connection
   * errors (`event` undefined). Never with a secret: the event holds none.
   * @default reports the error, the attempt and whether it was the last to `logger.error` (not the
   * event, which may hold personal data)
   */
  onError?: (error: unknown, info: { event?: InboxEvent; attempt?: number; deadLetter?: boolean }) => void;
  /**
   * Where the worker reports what nobody else hears of: failures (without `onError`) go to `error`,
   * unknown lifecycle events (without `onUnknown`) to `warn`, as the handlers do. A logger that throws
   * is ignored; `{}` silences the worker.
   * @default console
   */
  logger?: Logger;
}

/** An event whose callback failed on every attempt, as {@link WebhookWorker.deadLetters} lists it. */
export interface DeadLetter {
  /** The id to pass to {@link WebhookWorker.replay}. */
  id: string;
  /** Which handler received it, and the verified event. */
  event: InboxEvent;
  /** How many times its callback ran. */
  attempts: number;
  /** The message of the last error (your callback's). */
  error: string;
  /** When the handler stored it. */
  receivedAt: Date;
  /** When its last attempt failed. */
  failedAt: Date | null;
}

/** A worker from {@link createWebhookWorker}. */
export interface WebhookWorker {
  /** Connects and starts running stored events; resolves once it is pulling work. */
  start(): Promise<void>;
  /** Stops taking events, waits for the callbacks running now, and closes its connections. */
  close(): Promise<void>;
  /**
   * Lists dead letters (events that failed every attempt), newest first.
   * @default limit 100
   */
  deadLetters(options?: { limit?: number }): Promise<DeadLetter[]>;
  /**
   * Queues a dead letter to run again, with a fresh set of attempts. Resolves `true`, or `false` when
   * `id` names no dead letter (unknown, already replayed, or not failed).
   */
  replay(id: string): Promise<boolean>;
}

function toDeadLetter(job: Job): DeadLetter {
  return {
    id: String(job.id),
    event: job.data as StoredEvent,
    attempts: job.attemptsMade,
    error: job.failedReason ?? '',
    receivedAt: new Date(job.timestamp),
    failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
  };
}

/**
 * Creates a worker that runs your webhook callbacks from an inbox, on any number of instances. A
 * callback that throws is retried with exponential backoff (the inbox's `attempts` and `backoffMs`); an
 * event that fails every attempt becomes a dead letter you can list and replay. An event whose worker
 * dies mid-callback runs again after `lockDurationMs`. Each stored event runs to success once in the
 * normal case, but at least once in general: make callbacks idempotent.
 *
 * @throws {ConfigurationError} when `options` is missing, `inbox` is not from `createWebhookInbox`, a callback is not a
 * function, `logger` is not an object, or `concurrency` / `lockDurationMs` is invalid.
 * @example
 * ```ts
 * const worker = createWebhookWorker({
 *   inbox,
 *   async onUninstall(event) { await db.locations.disable(event.locationId); },
 *   on(event) { console.log(event.resource, event.status); },
 * });
 * await worker.start();
 * process.on('SIGTERM', () => worker.close());
 * ```
 */
export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('inbox', 'createWebhookWorker expects { inbox, ...callbacks }.');
  }
  const internals = inboxInternals(options.inbox);
  for (const name of ['onUninstall', 'onFreeze', 'onPayment', 'onUnknown', 'on', 'onError'] as const) {
    callbackOption(name, options[name]);
  }
  const concurrency = integerOption('concurrency', options.concurrency, 4, 1);
  const lockDuration = integerOption('lockDurationMs', options.lockDurationMs, 30_000, 1_000);
  const logger = handlerLogger(options.logger);
  const report = (error: unknown, info: Parameters<NonNullable<WebhookWorkerOptions['onError']>>[1]) => {
    try {
      if (options.onError) options.onError(error, info);
      else {
        logger.error?.('altegio-marketplace: webhook worker failed', {
          error,
          ...(info.event ? { kind: info.event.kind } : {}),
          ...(info.attempt === undefined ? {} : { attempt: info.attempt }),
          ...(info.deadLetter === undefined ? {} : { deadLetter: info.deadLetter }),
        });
      }
    } catch {
      // A throwing onError must not stop the worker.
    }
  };
  const onUnknown = options.onUnknown ?? warnUnknownLifecycle(logger);

  const run = async (stored: StoredEvent): Promise<void> => {
    if (stored.kind === 'entity') {
      if (!options.on) throw new Error('this worker has no on callback for entity events');
      await options.on(stored.event);
      return;
    }
    const event = stored.event;
    switch (event.event) {
      case 'uninstall':
        await options.onUninstall?.(event);
        return;
      case 'freeze':
        await options.onFreeze?.(event);
        return;
      case 'payment':
        await options.onPayment?.(event);
        return;
      default:
        await onUnknown(event);
    }
  };

  let connection: Redis | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;

  return {
    async start() {
      if (worker) return;
      connection = internals.workerConnection();
      worker = new Worker(internals.name, (job: Job) => run(job.data as StoredEvent), {
        connection,
        prefix: internals.prefix,
        autorun: false,
        concurrency,
        lockDuration,
        stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      });
      worker.on('error', (error) => report(error, {}));
      worker.on('failed', (job, error) => {
        if (!job) return;
        const attempts = job.opts.attempts ?? 1;
        report(error, {
          event: job.data as StoredEvent,
          attempt: job.attemptsMade,
          deadLetter: job.attemptsMade >= attempts,
        });
      });
      running = worker.run().catch((error: unknown) => report(error, {}));
      await worker.waitUntilReady();
    },
    async close() {
      const closing = worker;
      worker = undefined;
      if (closing) {
        await closing.close();
        await running;
      }
      if (connection) {
        const redis = connection;
        connection = undefined;
        await redis.quit().catch(() => redis.disconnect());
      }
    },
    async deadLetters({ limit = 100 } = {}) {
      const count = integerOption('limit', limit, 100, 1);
      const jobs = await internals.queue.getFailed(0, count - 1);
      return jobs.filter((job): job is Job => job !== undefined).map(toDeadLetter);
    },
    async replay(id) {
      const job = await internals.queue.getJob(String(id));
      if (!job || !(await job.isFailed())) return false;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    },
  };
}
