import type * as z from 'zod/mini';
import { type CallOptions, callOptions } from '../core/call-options';
import type { ClientContext } from '../core/context';
import { formatIsoDateTime, toIsoDateTime } from '../core/dates';
import { paginate } from '../core/paginate';
import type { Priority } from '../core/limiter';
import { path } from '../core/path';
import { loadSchemas } from '../load-schemas';
import { InvalidInputError } from '../errors/invalid-input-error';
import type {
  Call,
  CallsParams,
  ListCallsParams,
  NotifyCallParams,
  notifyCallParamsSchema,
  SaveCallParams,
  VoipCommandBody,
} from './schemas';

/** One page of a location's call list, as `telephony.listCalls` returns it. */
export interface CallPage {
  /** The calls of this page, in Altegio's order. */
  calls: Call[];
  /** The page number that was asked for (from 1). */
  page: number;
  /** The page size that was asked for. */
  limit: number;
  /**
   * `true` when the page is full, so a next page may hold more calls. Altegio sends no total, so
   * the last page is the first one with fewer than `limit` calls (an empty page when the total is
   * a multiple of `limit`).
   */
  hasMore: boolean;
}

const enableHint =
  'Altegio did not accept this crm_token: use the token from the telephony redirect (chain settings → Telephony → Integration) and check the partner token';
const callHint = 'Unknown crm_token or telephony not enabled for the chain — call telephony.enable(crmToken)';

/**
 * Chain telephony (VoIP) calls (`altegio.telephony`): switch the integration on and off, show a
 * ringing call to the staff, save finished calls, and read a location's call list.
 *
 * Every `POST /voip/integration` answers 202 "Accepted": Altegio queued the command for asynchronous
 * processing. A resolved promise therefore means "accepted", not "shown" or "saved"; an unknown
 * `crm_token` may go unreported. The CRM token is redacted from every error and log record.
 *
 * Every method takes {@link CallOptions} (`{ signal }`) as its optional last argument: an aborted
 * call rejects with `RequestAbortedError` and is not retried.
 *
 * @example
 * ```ts
 * const altegio = createAltegioClient({ applicationId: 123 });
 * await altegio.telephony.enable(crmToken); // on connect
 * await altegio.telephony.notifyCall({ crmToken, type: 'incoming', phone: '+13155550175', diversion: '+13155550176' });
 * ```
 */
export class Telephony {
  readonly #ctx: ClientContext;

  /** @internal Made by `createAltegioClient`; not for direct use. */
  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }

  /**
   * Turns the VoIP integration on for the chain that owns `crmToken` (`setup`/`enable`), which opens
   * the call-routing settings in the chain's Altegio UI. Send it on every connect and reconnect, and
   * after a payment that unfreezes the app: it is safe to repeat.
   *
   * @param crmToken The chain's CRM token (`crm_token` of the telephony redirect).
   * @throws {InvalidInputError} when `crmToken` is not 1 to 256 characters without spaces (nothing sent).
   * @throws {PermissionDeniedError | NotFoundError} when Altegio rejects the token.
   * @example
   * ```ts
   * await altegio.telephony.enable(redirect.crmToken);
   * ```
   */
  async enable(crmToken: string, call: CallOptions = {}): Promise<void> {
    call = callOptions('telephony.enable', call);
    const { parseInput, crmTokenSchema } = await loadSchemas();
    const token = parseInput('telephony.enable', crmTokenSchema, crmToken);
    await this.#command({ command: 'setup', type: 'enable', crm_token: token }, enableHint, call);
  }

  /**
   * Turns the VoIP integration off for the chain (`setup`/`disable`): Altegio closes the routing
   * settings and stops processing `notifyCall` and `saveCall`. Send it when the chain's last location
   * uninstalls the app (telephony belongs to the chain, not to one location).
   *
   * @param crmToken The chain's CRM token.
   * @throws {InvalidInputError} when `crmToken` is not 1 to 256 characters without spaces (nothing sent).
   * @throws {PermissionDeniedError | NotFoundError} when Altegio rejects the token.
   * @example
   * ```ts
   * await altegio.telephony.disable(chain.crmToken);
   * ```
   */
  async disable(crmToken: string, call: CallOptions = {}): Promise<void> {
    call = callOptions('telephony.disable', call);
    const { parseInput, crmTokenSchema } = await loadSchemas();
    const token = parseInput('telephony.disable', crmTokenSchema, crmToken);
    await this.#command({ command: 'setup', type: 'disable', crm_token: token }, enableHint, call);
  }

  /**
   * Shows a call notification (pop-up) to the staff the chain's routing picks (`event`). Sent in the
   * client limiter's high-priority lane, ahead of queued work: a phone is ringing. Phone numbers are
   * sent exactly as given (see {@link normalizePhone}).
   *
   * @throws {InvalidInputError} for an unknown `type`, a malformed phone number or CRM token (nothing sent).
   * @throws {PermissionDeniedError | NotFoundError} for an unknown `crm_token` or a chain without telephony enabled.
   * @example
   * ```ts
   * await altegio.telephony.notifyCall({
   *   crmToken, type: 'incoming', phone: '+13155550175', diversion: '+13155550176', user: '101',
   * });
   * ```
   */
  async notifyCall(input: NotifyCallParams, options: CallOptions = {}): Promise<void> {
    options = callOptions('telephony.notifyCall', options);
    const { parseInput, notifyCallParamsSchema } = await loadSchemas();
    const call = parseInput('telephony.notifyCall', notifyCallParamsSchema, input);
    await this.#command(callBody('event', call), callHint, options, 'high');
  }

  /**
   * Saves a finished call to the chain's call history (`history`) and, per the routing settings, to
   * its locations' histories. A `Date` is written as ISO 8601 with the offset of the client's `timeZone`.
   *
   * @throws {InvalidInputError} for an unknown `type` or `status`, a negative or fractional `duration`,
   * a `link` that is not an http(s) URL, a `date` without offset, or a malformed phone (nothing sent).
   * @throws {PermissionDeniedError | NotFoundError} for an unknown `crm_token` or a chain without telephony enabled.
   * @example
   * ```ts
   * await altegio.telephony.saveCall({
   *   crmToken, type: 'incoming', phone: '+13155550175', diversion: '+13155550176', user: '101',
   *   status: 'success', duration: 90, callId: 'pbx-1700000000.42', date: new Date(),
   *   link: 'https://records.example.com/1700000000.42.mp3',
   * });
   * ```
   */
  async saveCall(input: SaveCallParams, options: CallOptions = {}): Promise<void> {
    options = callOptions('telephony.saveCall', options);
    const { parseInput, saveCallParamsSchema } = await loadSchemas();
    const call = parseInput('telephony.saveCall', saveCallParamsSchema, input);
    const date = call.date === undefined ? undefined : toIsoDateTime(call.date, this.#ctx.timeZone);
    const { duration, link, callId: call_id, status } = call;
    const body = { ...callBody('history', call), ...definedOnly({ duration, link, call_id, status, date }) };
    await this.#command(body, callHint, options);
  }

  /**
   * Reads one page of a location's call list (`GET /voip/integration/calls`, Partner+User auth).
   *
   * Altegio documents these filters as a JSON body on a GET, which `fetch` cannot send; the SDK sends
   * them as query parameters instead: `salon_id`, `date_from`, `date_to`, `phone`, `types[]`,
   * `statuses[]`, `page`, `limit` (arrays PHP-style). A `Date` in `dateFrom`/`dateTo` is sent as its
   * calendar day (`YYYY-MM-DD`) in the client's `timeZone`. Needs the "Overview – Calls" right for the
   * app's system user.
   *
   * @throws {ConfigurationError} when the client has no `userToken` (or `ALTEGIO_USER_TOKEN`); nothing is sent.
   * @throws {InvalidInputError} for a bad location id, date, filter value, `page` < 1 or `limit` outside 1–1000, or `dateFrom` after `dateTo` (nothing sent).
   * @throws {PermissionDeniedError} when the user lacks the "Overview – Calls" right.
   * @example
   * ```ts
   * const { calls, hasMore } = await altegio.telephony.listCalls({
   *   locationId: 615243, dateFrom: '2026-01-01', dateTo: '2026-01-31', statuses: ['missed'],
   * });
   * ```
   */
  async listCalls(input: ListCallsParams, call: CallOptions = {}): Promise<CallPage> {
    call = callOptions('telephony.listCalls', call);
    return this.#listPage('telephony.listCalls', input, call);
  }

  /**
   * Iterates over every call that matches the filters, page after page (`limit` calls a request,
   * default 100, at most 1000), until a page comes back short. Calls already seen (by `id`) are
   * skipped, so a list that shifts while you read it does not yield a call twice. Same query
   * parameters, auth and errors as {@link Telephony.listCalls}, thrown on the first iteration.
   *
   * @throws {ConfigurationError} when the client has no `userToken` (or `ALTEGIO_USER_TOKEN`).
   * @throws {InvalidInputError} for bad filters (nothing sent).
   * @example
   * ```ts
   * for await (const call of altegio.telephony.calls({ locationId: 615243, dateFrom: '2026-01-01', dateTo: '2026-01-31' })) {
   *   console.log(call.callDate, call.callerPhone, call.status);
   * }
   * ```
   */
  async *calls(filters: CallsParams, call: CallOptions = {}): AsyncGenerator<Call, void, undefined> {
    call = callOptions('telephony.calls', call);
    yield* paginate(
      1,
      async (page) => {
        const { calls, hasMore } = await this.#listPage('telephony.calls', { ...filters, page }, call);
        return { items: calls, hasMore };
      },
      (item) => item.id,
    );
  }

  async #listPage(operation: string, input: ListCallsParams, call: CallOptions): Promise<CallPage> {
    const { parseInput, listCallsParamsSchema, callListSchema } = await loadSchemas();
    const filters = parseInput(operation, listCallsParamsSchema, input);
    const dateFrom = this.#calendarDay(filters.dateFrom);
    const dateTo = this.#calendarDay(filters.dateTo);
    if (dateFrom > dateTo) {
      throw new InvalidInputError(operation, [{ path: ['dateTo'], message: 'dateTo is before dateFrom' }]);
    }
    const { locationId, phone, types, statuses, page, limit } = filters;
    const calls = await this.#ctx.transport.request({
      method: 'GET',
      host: 'api',
      path: path`/voip/integration/calls`,
      auth: 'partnerUser',
      query: {
        salon_id: locationId,
        date_from: dateFrom,
        date_to: dateTo,
        phone,
        types,
        statuses,
        page,
        limit,
      },
      schema: callListSchema,
      signal: call.signal,
      hints: { 403: 'The user token needs the "Overview – Calls" right in this location' },
    });
    return { calls, page, limit, hasMore: calls.length >= limit };
  }

  #calendarDay(value: Date | string): string {
    return typeof value === 'string' ? value : formatIsoDateTime(value, this.#ctx.timeZone).slice(0, 10);
  }

  #command(
    body: VoipCommandBody,
    hint: string,
    call: CallOptions,
    priority: Priority = 'normal',
  ): Promise<void> {
    return this.#ctx.transport.request({
      method: 'POST',
      host: 'api',
      path: path`/voip/integration`,
      body,
      priority,
      secrets: [body.crm_token],
      hints: { 403: hint, 404: hint },
      signal: call.signal,
    });
  }
}

/** The fields `event` and `history` share, in wire spelling. */
function callBody<C extends 'event' | 'history'>(command: C, call: z.output<typeof notifyCallParamsSchema>) {
  return {
    command,
    type: call.type,
    crm_token: call.crmToken,
    phone: call.phone,
    diversion: call.diversion,
    ...(call.user === undefined ? {} : { user: call.user }),
  };
}

/** Drops `undefined` entries so that they are absent from the JSON body, not `null`. */
function definedOnly<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
