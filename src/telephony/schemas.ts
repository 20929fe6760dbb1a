import * as z from 'zod/mini';
import { looseObject, object } from '../core/objects';
import { calendarDateInput, isoDateTimeInput } from '../core/date-inputs';
import { isCrmToken, isLocationId } from '../core/rules';
import { idOutput, numeric } from '../core/wire';

// Schema and type names follow the scheme written at the top of src/core/wire.ts.

// --- vocabularies ---

/** Directions Altegio accepts when you send a call: `incoming`, `outgoing` or `internal`. */
export const callTypeSchema = z.enum(['incoming', 'outgoing', 'internal']);
/** Results you may report for a finished call (`history.status`): `success` or `missed`. */
export const savedCallStatusSchema = z.enum(['success', 'missed']);
/** Every status the call list knows, usable as a `listCalls` filter. */
export const callStatusSchema = z.enum([
  'success',
  'missed',
  'cancel',
  'busy',
  'notallowed',
  'notavailable',
  'notfound',
]);

/** Call direction: `incoming`, `outgoing` or `internal`. */
export type CallType = z.infer<typeof callTypeSchema>;
/** The status you may report for a finished call: `success` (answered) or `missed`. */
export type SavedCallStatus = z.infer<typeof savedCallStatusSchema>;
/** A call status of the call list (and of its `statuses` filter). */
export type CallStatus = z.infer<typeof callStatusSchema>;

// --- shared field schemas ---

/** The chain's CRM token: 1 to 256 characters, no whitespace (`isCrmToken`). Never echoed in an error. */
export const crmTokenSchema = z
  .string({ error: 'Expected the chain CRM token as a string' })
  .check(z.refine(isCrmToken, 'Expected the chain CRM token: 1 to 256 characters without spaces'));

/**
 * A phone number as Altegio stores it: an optional leading `+` and 1–20 digits, nothing else.
 * Separators are rejected rather than sent, because Altegio would not match `+1 (315) 555-0175`
 * to a client; {@link normalizePhone} strips them.
 */
export const phoneSchema = z
  .string({ error: 'Expected a phone number as a string' })
  .check(
    z.regex(
      /^\+?\d{1,20}$/,
      'Expected a phone number: an optional "+" and digits only (e.g. "+13155550175" or "13155550175"); use normalizePhone() to strip spaces, dashes and brackets',
    ),
  );

/** A telephony subscriber id ("SIP number": extension or SIP login). */
const sipUserSchema = z
  .string()
  .check(z.minLength(1, 'Expected a non-empty SIP user (extension or SIP login)'));

/** A whole number in the safe-integer range, with its own message (zod/mini has `z.int()` only as a schema). */
const isWhole = (message: string) => z.refine<number>((n) => Number.isSafeInteger(n), message);

// --- POST /voip/integration ---

// The fields of `notifyCall`, which `saveCall` takes too (spread, not `z.extend`: that pulls in more of
// zod's util namespace).
const notifyCallShape = {
  /** `crm_token`: the chain's CRM token from the telephony redirect. */
  crmToken: crmTokenSchema,
  /** `type`: call direction; only `incoming` currently shows a pop-up in Altegio. */
  type: callTypeSchema,
  /** `phone`: the client's number (the caller on an incoming call). Sent unchanged. */
  phone: phoneSchema,
  /** `diversion`: the number the call came in on (the company's line / DID). Sent unchanged. */
  diversion: phoneSchema,
  /** `user`: the subscriber that rings (extension or SIP login); wins over `diversion` in routing. */
  user: z.optional(sipUserSchema),
};
/** Input of `telephony.notifyCall`. */
export const notifyCallParamsSchema = object(notifyCallShape);

/** Input of `telephony.saveCall`. */
export const saveCallParamsSchema = object({
  ...notifyCallShape,
  /** `duration`: talk time in whole seconds. */
  duration: z.optional(
    z
      .number({ error: 'Expected the duration in seconds as a number' })
      .check(
        isWhole('Expected whole seconds (round the duration, e.g. Math.round(ms / 1000))'),
        z.nonnegative('Expected a duration of 0 seconds or more'),
      ),
  ),
  /** `link`: URL of the call recording (http or https). */
  link: z.optional(
    z
      .string({ error: 'Expected the recording link as an http(s) URL' })
      .check(
        z.refine(
          (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
          'Expected the recording link as an http(s) URL',
        ),
      ),
  ),
  /** `call_id`: the call's id in your PBX. A number is sent as its decimal string. */
  callId: z.optional(
    z.pipe(
      z.union(
        [
          z.string().check(z.minLength(1)),
          z.number().check(isWhole('Expected an integer call id'), z.nonnegative()),
        ],
        { error: 'Expected the call id as a non-empty string or a non-negative integer' },
      ),
      z.transform(String),
    ),
  ),
  /** `status`: `success` (answered) or `missed`. */
  status: z.optional(savedCallStatusSchema),
  /** `date`: when the call happened; a `Date`, or an ISO 8601 string with offset sent unchanged. */
  date: z.optional(isoDateTimeInput),
});

/** What `telephony.notifyCall` takes. */
export type NotifyCallParams = z.input<typeof notifyCallParamsSchema>;
/** What `telephony.saveCall` takes. */
export type SaveCallParams = z.input<typeof saveCallParamsSchema>;
/** @deprecated Renamed {@link NotifyCallParams} (one naming scheme across resources). */
export type NotifyCallInput = NotifyCallParams;
/** @deprecated Renamed {@link SaveCallParams}. */
export type SaveCallInput = SaveCallParams;

/**
 * A wire body of `POST /voip/integration` (snake_case), by `command`: `setup`, `event` (call
 * notification) or `history` (save call). Internal: built by `Telephony` from the validated inputs
 * above, never taken from a caller, so it is a type only (no schema to build at import).
 *
 * @internal
 */
export type VoipCommandBody =
  | {
      /** `setup`: switch the integration on or off. */
      command: 'setup';
      /** `enable` or `disable`. */
      type: 'enable' | 'disable';
      /** The chain's CRM token. */
      crm_token: string;
    }
  | {
      /** `event`: a call notification. */
      command: 'event';
      /** Call direction. */
      type: CallType;
      /** The chain's CRM token. */
      crm_token: string;
      /** The client's number. */
      phone: string;
      /** The number the call came in on. */
      diversion: string;
      /** The subscriber (extension or SIP login). */
      user?: string | undefined;
    }
  | {
      /** `history`: save a finished call. */
      command: 'history';
      /** Call direction. */
      type: CallType;
      /** The chain's CRM token. */
      crm_token: string;
      /** The client's number. */
      phone: string;
      /** The number the call came in on. */
      diversion: string;
      /** The subscriber (extension or SIP login). */
      user?: string | undefined;
      /** Talk time in whole seconds. */
      duration?: number | undefined;
      /** URL of the recording. */
      link?: string | undefined;
      /** The call's id in your PBX. */
      call_id?: string | undefined;
      /** `success` or `missed`. */
      status?: SavedCallStatus | undefined;
      /** When the call happened, ISO 8601 with offset. */
      date?: string | undefined;
    };

// --- GET /voip/integration/calls ---

// The filters of `calls`, which `listCalls` takes with its `page`.
const callsShape = {
  /** `salon_id`: the location whose calls to list. */
  locationId: z.number().check(z.refine(isLocationId, 'Expected a positive whole location id')),
  /** `date_from`: first day, inclusive. */
  dateFrom: calendarDateInput,
  /** `date_to`: last day. */
  dateTo: calendarDateInput,
  /** `phone`: only calls with this number, sent unchanged. */
  phone: z.optional(phoneSchema),
  /** `types[]`: only these directions. */
  types: z.optional(z.array(callTypeSchema)),
  /** `statuses[]`: only these statuses. */
  statuses: z.optional(z.array(callStatusSchema)),
  /**
   * `limit`: calls per page, 1–1000.
   * @default 100
   */
  limit: z._default(
    z
      .number()
      .check(
        isWhole('Expected a whole page size'),
        z.gte(1, 'Expected a page size of at least 1'),
        z.lte(1000, 'Altegio returns at most 1000 calls a page'),
      ),
    100,
  ),
};
/** Filters of `telephony.calls` (every `listCalls` filter but `page`, which the iterator drives). */
export const callsParamsSchema = object(callsShape);

/** Input of `telephony.listCalls`. */
export const listCallsParamsSchema = object({
  ...callsShape,
  /**
   * `page`: which page, from 1.
   * @default 1
   */
  page: z._default(
    z.number().check(isWhole('Expected a whole page number'), z.gte(1, 'Pages are numbered from 1')),
    1,
  ),
});

/** What `telephony.listCalls` takes. */
export type ListCallsParams = z.input<typeof listCallsParamsSchema>;
/** What `telephony.calls` takes: the `listCalls` filters plus `limit` as the page size. */
export type CallsParams = z.input<typeof callsParamsSchema>;
/** @deprecated Renamed {@link ListCallsParams}. */
export type ListCallsInput = ListCallsParams;
/** @deprecated Renamed {@link CallsParams}. */
export type CallFilters = CallsParams;

// Open unions: the documented values autocomplete, a value Altegio adds later passes through.
const openStatus = z.pipe(
  z.string(),
  z.transform((value: string): CallStatus | (string & {}) => value),
);
const openType = z.pipe(
  z.string(),
  z.transform((value: string): CallType | (string & {}) => value),
);

/** One call of the call list, camelCased. */
export const callSchema = z.pipe(
  looseObject({
    id: idOutput,
    client_id: z.nullish(idOutput),
    caller_phone: z.nullish(z.string()),
    record_link: z.nullish(z.string()),
    duration: z.nullish(numeric),
    status: openStatus,
    type: openType,
    call_date: z.string(),
  }),
  z.transform((call) => ({
    /** `id`: Altegio's id of the call. */
    id: call.id,
    /** `client_id`: the client in the location's client base; `0` when the number is unknown. */
    clientId: call.client_id ?? 0,
    /** `caller_phone`: the client's number, as Altegio stores it. */
    callerPhone: call.caller_phone ?? '',
    /** `record_link`: URL of the recording; `''` when there is none. */
    recordLink: call.record_link ?? '',
    /** `duration`: seconds. */
    duration: call.duration ?? 0,
    /** `status`: one of {@link CallStatus}, or a newer value Altegio added. */
    status: call.status,
    /** `type`: one of {@link CallType}, or a newer value. */
    type: call.type,
    /**
     * `call_date`: as Altegio sent it — ISO 8601 with offset (`2026-01-17T23:52:21-05:00`) or, in
     * older answers, zone-less `2026-01-17 23:52:21`. Not converted.
     */
    callDate: call.call_date,
  })),
);

/** A call of the location's call list. `status` and `type` are open: Altegio may add values. */
export type Call = z.output<typeof callSchema>;

/** The `data` of `GET /voip/integration/calls`: an array of calls (`null` read as none). */
export const callListSchema = z.pipe(
  z.nullish(z.array(callSchema)),
  z.transform((calls) => calls ?? []),
);
