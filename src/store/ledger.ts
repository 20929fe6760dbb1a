import { digest } from '../core/crypto';
import { ConfigurationError } from '../errors/configuration-error';
import { IdempotencyConflictError } from '../errors/idempotency-conflict-error';
import { InvalidInputError } from '../errors/invalid-input-error';
import { OutcomeUnknownError, type OutcomeUnknownReason } from '../errors/outcome-unknown-error';
import { RequestAbortedError } from '../errors/request-aborted-error';
import { StoreUnavailableError } from '../errors/store-unavailable-error';
import type { Store } from './store';

/** Timing of the payment ledger (`createAltegioClient({ store, ledger })`). */
export interface LedgerOptions {
  /**
   * How long a repeat waits for a call with the same key that is still in flight before it throws
   * `IdempotencyConflictError` (`in-flight`), in milliseconds.
   * @default 15000
   */
  waitMs?: number;
  /**
   * How long a claim counts as in flight without being refreshed, in milliseconds. The instance that
   * sends refreshes its claim every `claimMs / 3`; a claim left alone longer belongs to an instance
   * that died between "claimed" and "recorded", and the next call reconciles instead of waiting.
   * @default 30000
   */
  claimMs?: number;
  /**
   * How long after the earlier send could last have reached Altegio a reconciliation must read the
   * installation for "not found" to count as proof that Altegio did not record it, in milliseconds.
   * A call that comes sooner waits until then.
   * @default 10000
   */
  settleMs?: number;
  /**
   * How long the entry of a completed payment or refund is kept, in milliseconds; `Infinity` keeps it
   * for good. Entries of unfinished calls are kept 30 days.
   * @default Infinity
   */
  retainMs?: number;
}

/** Options of `marketplace.refundPayment`. */
export interface RefundPaymentOptions {
  /**
   * Your key for this refund (1–200 characters, e.g. `refund:<your refund id>`): a repeat with the same
   * key returns without sending again, from any instance sharing the client's `store`.
   */
  idempotencyKey?: string | undefined;
  /**
   * The location of the payment. Needed only to reconcile a refund whose outcome was unknown: the
   * ledger then reads `getInstallation(locationId).payments` to see `isRefunded`.
   */
  locationId?: number | undefined;
}

type Entry<R> =
  | { s: 'claimed'; fp: string; at: number; by: string; until?: number }
  | { s: 'unknown'; fp: string; until: number; why: OutcomeUnknownReason }
  | { s: 'done'; fp: string; r: R };

/** What a reconciliation found: the recorded result, or `null` when Altegio did not record it. */
export type Reconciled<R> = { found: true; result: R } | { found: false } | { found: 'unknown' };

/** @internal One idempotent call: what to send and how to find out afterwards whether it landed. */
export interface LedgerCall<R> {
  /** `marketplace.reportPayment` or `marketplace.refundPayment`. */
  operation: string;
  idempotencyKey: string;
  /** Canonical text of the parameters (the wire body): the same key with other parameters is refused. */
  params: string;
  /**
   * Sends the call. The ledger aborts `signal` when this instance can no longer prove it holds the claim
   * (the store stopped confirming it, or another instance took it over): nothing may then be sent.
   */
  send: (signal: AbortSignal) => Promise<R>;
  /** Looks the call up at Altegio; `unknown` when it cannot tell (the error is rethrown). */
  reconcile: () => Promise<Reconciled<R>>;
  /** Path of the request, for the `OutcomeUnknownError` of an unreconcilable repeat. */
  path: string;
}

const PENDING_TTL = 30 * 24 * 3600 * 1000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function duration(name: string, value: unknown, fallback: number, allowInfinity = false): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' &&
    value >= 0 &&
    (Number.isSafeInteger(value) || (allowInfinity && value === Number.POSITIVE_INFINITY));
  if (!ok) {
    throw new ConfigurationError(
      `ledger.${name}`,
      `\`ledger.${name}\` must be a non-negative integer of milliseconds${allowInfinity ? ' or Infinity' : ''}.`,
    );
  }
  return value;
}

/**
 * @internal The payment ledger: makes `reportPayment` and `refundPayment` with an idempotency key
 * exactly-once across instances and restarts, on any {@link Store}. Altegio keeps no idempotency key
 * itself, so this is what rules out a duplicate payment.
 */
export class PaymentLedger {
  readonly #store: Store;
  readonly #applicationId: number;
  readonly #waitMs: number;
  readonly #claimMs: number;
  readonly #settleMs: number;
  readonly #retainMs: number;
  readonly #now: () => number;

  constructor(store: Store, applicationId: number, options: LedgerOptions = {}, now = Date.now) {
    if (typeof options !== 'object' || options === null) {
      throw new ConfigurationError('ledger', '`ledger` must be { waitMs?, claimMs?, settleMs?, retainMs? }.');
    }
    this.#store = store;
    this.#applicationId = applicationId;
    this.#waitMs = duration('waitMs', options.waitMs, 15_000);
    this.#claimMs = Math.max(30, duration('claimMs', options.claimMs, 30_000));
    this.#settleMs = duration('settleMs', options.settleMs, 10_000);
    const retainMs = duration('retainMs', options.retainMs, Number.POSITIVE_INFINITY, true);
    this.#retainMs = retainMs === 0 ? Number.POSITIVE_INFINITY : retainMs;
    this.#now = now;
  }

  async #io<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError('ledger', error instanceof Error ? error.name : 'the store failed');
    }
  }

  /** Runs `call` at most once per idempotency key; see the guide "Running several instances". */
  async run<R>(call: LedgerCall<R>): Promise<R> {
    const key = call.idempotencyKey;
    if (typeof key !== 'string' || key.length < 1 || key.length > 200) {
      throw new InvalidInputError(call.operation, [
        { path: ['idempotencyKey'], message: 'Expected a string of 1–200 characters' },
      ]);
    }
    const op = call.operation.replace('marketplace.', '');
    const storeKey = `ledger:${this.#applicationId}:${op}:${await digest(key)}`;
    const fp = await digest(call.params);
    const deadline = this.#now() + this.#waitMs;
    for (;;) {
      const claim: Entry<R> = { s: 'claimed', fp, at: this.#now(), by: crypto.randomUUID() };
      const claimText = JSON.stringify(claim);
      if (await this.#io(() => this.#store.setIfAbsent(storeKey, claimText, PENDING_TTL))) {
        return this.#send(call, storeKey, claimText, fp);
      }
      const raw = await this.#io(() => this.#store.get(storeKey));
      if (raw === null) continue; // removed after a definite failure: claim again
      const entry = parse<R>(raw);
      if (entry.fp !== fp) throw new IdempotencyConflictError(call.operation, 'different-params');
      if (entry.s === 'done') return entry.r;
      if (entry.s === 'claimed' && this.#now() - entry.at < this.#claimMs) {
        if (this.#now() >= deadline) throw new IdempotencyConflictError(call.operation, 'in-flight');
        await sleep(Math.min(100, Math.max(1, deadline - this.#now())));
        continue;
      }
      // An unknown outcome, or a claim whose instance died: take it over, then reconcile first.
      const until = entry.s === 'unknown' ? entry.until : (entry.until ?? entry.at + this.#claimMs);
      const mine: Entry<R> = { s: 'claimed', fp, at: this.#now(), by: crypto.randomUUID(), until };
      const mineText = JSON.stringify(mine);
      if (!(await this.#io(() => this.#store.compareAndSet(storeKey, raw, mineText, PENDING_TTL)))) continue;
      return this.#reconcileThenSend(
        call,
        storeKey,
        mineText,
        fp,
        until,
        entry.s === 'unknown' ? entry.why : 'timeout',
      );
    }
  }

  async #reconcileThenSend<R>(
    call: LedgerCall<R>,
    storeKey: string,
    mineText: string,
    fp: string,
    until: number,
    why: OutcomeUnknownReason,
  ): Promise<R> {
    const backToUnknown = JSON.stringify({ s: 'unknown', fp, until, why } satisfies Entry<R>);
    const wait = until + this.#settleMs - this.#now();
    if (wait > 0) await sleep(wait);
    let found: Reconciled<R>;
    try {
      found = await call.reconcile();
    } catch (error) {
      await this.#store.compareAndSet(storeKey, mineText, backToUnknown, PENDING_TTL).catch(() => false);
      throw error;
    }
    if (found.found === 'unknown') {
      await this.#store.compareAndSet(storeKey, mineText, backToUnknown, PENDING_TTL).catch(() => false);
      throw new OutcomeUnknownError({ method: 'POST', path: call.path, reason: why });
    }
    if (found.found) {
      const done = JSON.stringify({ s: 'done', fp, r: found.result } satisfies Entry<R>);
      await this.#store.compareAndSet(storeKey, mineText, done, this.#retainMs).catch(() => false);
      return found.result;
    }
    // Proven not recorded: send again under a fresh claim (a new `at`, no `until`).
    const fresh = JSON.stringify({
      s: 'claimed',
      fp,
      at: this.#now(),
      by: crypto.randomUUID(),
    } satisfies Entry<R>);
    if (!(await this.#io(() => this.#store.compareAndSet(storeKey, mineText, fresh, PENDING_TTL)))) {
      throw new IdempotencyConflictError(call.operation, 'in-flight');
    }
    return this.#send(call, storeKey, fresh, fp);
  }

  /**
   * Keeps a claim fresh while its send is in flight, so a slow but live call is never taken over: only
   * a claim whose instance stopped refreshing it for `claimMs` counts as abandoned. It also fences the
   * send: `lost` aborts two thirds of `claimMs` after the `at` of the last refresh the store confirmed
   * (a broken store link, a stalled process), and at once when another instance holds the entry, so that
   * this instance sends nothing once another one may reconcile and send. A request already on its way
   * then ends as an unknown outcome, which `settleMs` covers.
   */
  #heartbeat(storeKey: string, claimText: string): { lost: AbortSignal; stop: () => Promise<string> } {
    let current = claimText;
    // A refresh the store did not confirm (it timed out) may still have been applied.
    let unconfirmed: { text: string; at: number } | undefined;
    const fence = new AbortController();
    let fenceTimer: ReturnType<typeof setTimeout> | undefined;
    const confirm = (text: string, at: number) => {
      current = text;
      unconfirmed = undefined;
      clearTimeout(fenceTimer);
      fenceTimer = setTimeout(() => fence.abort(), Math.max(0, at + (this.#claimMs * 2) / 3 - this.#now()));
    };
    confirm(claimText, (JSON.parse(claimText) as { at: number }).at);
    let beating: Promise<void> = Promise.resolve();
    const timer = setInterval(
      () => {
        if (fence.signal.aborted) return;
        beating = beating.then(async () => {
          const at = this.#now();
          const next = JSON.stringify({ ...(JSON.parse(current) as object), at });
          const swapped = await this.#store
            .compareAndSet(storeKey, current, next, PENDING_TTL)
            .catch(() => undefined);
          if (swapped === true) return confirm(next, at);
          if (swapped === undefined) {
            unconfirmed = { text: next, at };
            return;
          }
          // The entry is not `current`: an earlier refresh that timed out landed after all, or the
          // claim is another instance's now.
          const stored = await this.#store.get(storeKey).catch(() => undefined);
          if (stored === undefined) return;
          if (unconfirmed && stored === unconfirmed.text) return confirm(unconfirmed.text, unconfirmed.at);
          fence.abort();
        });
      },
      Math.max(10, Math.floor(this.#claimMs / 3)),
    );
    return {
      lost: fence.signal,
      stop: async () => {
        clearInterval(timer);
        clearTimeout(fenceTimer);
        // Once fenced, a refresh stuck on a stalled store must not hold the call.
        if (!fence.signal.aborted) await beating;
        return current;
      },
    };
  }

  async #send<R>(call: LedgerCall<R>, storeKey: string, firstClaim: string, fp: string): Promise<R> {
    const { lost, stop } = this.#heartbeat(storeKey, firstClaim);
    let result: R;
    try {
      result = await call.send(lost);
    } catch (error) {
      // Read before stop(): only an abort by the fence itself is reported as the fence.
      const fenced = lost.aborted && error instanceof RequestAbortedError;
      const claimText = await stop();
      if (error instanceof OutcomeUnknownError) {
        const unknown = JSON.stringify({
          s: 'unknown',
          fp,
          until: this.#now(),
          why: error.reason,
        } satisfies Entry<R>);
        // If this fails the claim stays, goes stale after claimMs and is reconciled just the same.
        await this.#store.compareAndSet(storeKey, claimText, unknown, PENDING_TTL).catch(() => false);
      } else {
        // Certainly not processed (refused, invalid, rate-limited, fenced before it left): the key is
        // free for a retry.
        await this.#store.delete(storeKey, claimText).catch(() => {});
      }
      if (fenced) {
        throw new StoreUnavailableError(
          'compareAndSet',
          `${call.operation} lost its claim on the key (the store stopped confirming it, or another instance took it over); nothing was sent`,
        );
      }
      throw error;
    }
    const claimText = await stop();
    const done = JSON.stringify({ s: 'done', fp, r: result ?? null } satisfies Entry<R | null>);
    // The payment is recorded at Altegio whatever happens here; a failed write is reconciled later.
    await this.#store.compareAndSet(storeKey, claimText, done, this.#retainMs).catch(() => false);
    return result;
  }
}

function parse<R>(raw: string): Entry<R> {
  try {
    const entry = JSON.parse(raw) as Entry<R>;
    if (entry && typeof entry === 'object' && typeof entry.fp === 'string') return entry;
  } catch {
    // fall through
  }
  throw new StoreUnavailableError('ledger', 'an entry in the store is not a ledger entry (check `prefix`)');
}
