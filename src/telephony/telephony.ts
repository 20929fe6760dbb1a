import type { ClientContext } from '../core/context';
import { toIsoDateTime } from '../core/dates';
import { path } from '../core/path';
import type { Priority } from '../core/limiter';
import { parseInput } from '../core/validate';
import {
  crmTokenSchema,
  type NotifyCallInput,
  notifyCallInputSchema,
  type SaveCallInput,
  saveCallInputSchema,
  type VoipCommandBody,
} from './schemas';

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
 */
export class Telephony {
  readonly #ctx: ClientContext;

  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }

  /**
   * Turns the VoIP integration on for the chain that owns `crmToken` (`setup`/`enable`), which opens
   * the call-routing settings in the chain's Altegio UI. Send it on every connect and reconnect, and
   * after a payment that unfreezes the app: it is safe to repeat.
   *
   * @param crmToken The chain's CRM token (`crm_token` of the telephony redirect).
   * @throws {InvalidInputError} when `crmToken` is not a non-empty string without spaces (nothing sent).
   * @throws {PermissionDeniedError | NotFoundError} when Altegio rejects the token.
   * @example
   * ```ts
   * await altegio.telephony.enable(redirect.crmToken);
   * ```
   */
  async enable(crmToken: string): Promise<void> {
    const token = parseInput('telephony.enable', crmTokenSchema, crmToken);
    await this.#command({ command: 'setup', type: 'enable', crm_token: token }, enableHint);
  }

  /**
   * Turns the VoIP integration off for the chain (`setup`/`disable`): Altegio closes the routing
   * settings and stops processing `notifyCall` and `saveCall`. Send it when the app is uninstalled.
   *
   * @param crmToken The chain's CRM token.
   * @throws {InvalidInputError} when `crmToken` is not a non-empty string without spaces (nothing sent).
   * @throws {PermissionDeniedError | NotFoundError} when Altegio rejects the token.
   * @example
   * ```ts
   * await altegio.telephony.disable(chain.crmToken);
   * ```
   */
  async disable(crmToken: string): Promise<void> {
    const token = parseInput('telephony.disable', crmTokenSchema, crmToken);
    await this.#command({ command: 'setup', type: 'disable', crm_token: token }, enableHint);
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
  async notifyCall(input: NotifyCallInput): Promise<void> {
    const call = parseInput('telephony.notifyCall', notifyCallInputSchema, input);
    const body: VoipCommandBody = {
      command: 'event',
      type: call.type,
      crm_token: call.crmToken,
      phone: call.phone,
      diversion: call.diversion,
      ...(call.user === undefined ? {} : { user: call.user }),
    };
    await this.#command(body, callHint, 'high');
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
  async saveCall(input: SaveCallInput): Promise<void> {
    const call = parseInput('telephony.saveCall', saveCallInputSchema, input);
    const optional = {
      user: call.user,
      duration: call.duration,
      link: call.link,
      call_id: call.callId,
      status: call.status,
      date: call.date === undefined ? undefined : toIsoDateTime(call.date, this.#ctx.timeZone),
    };
    const body: VoipCommandBody = {
      command: 'history',
      type: call.type,
      crm_token: call.crmToken,
      phone: call.phone,
      diversion: call.diversion,
      ...definedOnly(optional),
    };
    await this.#command(body, callHint);
  }

  #command(body: VoipCommandBody, hint: string, priority: Priority = 'normal'): Promise<void> {
    return this.#ctx.transport.request({
      method: 'POST',
      host: 'api',
      path: path`/voip/integration`,
      body,
      priority,
      secrets: [body.crm_token],
      hints: { 403: hint, 404: hint },
    });
  }
}

/** Drops `undefined` entries so that they are absent from the JSON body, not `null`. */
function definedOnly<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
