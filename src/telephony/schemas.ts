import * as z from 'zod';
import { calendarDateInput, isoDateTimeInput } from '../core/dates';
import { idOutput, numeric } from '../core/wire';

// --- vocabularies (reference §4.1, §4.2, §8 Q21) ---

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

/** The chain's CRM token: non-empty, no whitespace. The value is never echoed in an error. */
export const crmTokenSchema = z
  .string({ error: 'Expected the chain CRM token as a string' })
  .regex(/^[^\s]+$/, 'Expected the chain CRM token: a non-empty string without spaces');

/**
 * A phone number as Altegio stores it: an optional leading `+` and 1–20 digits, nothing else.
 * Separators are rejected rather than sent, because Altegio would not match `+1 (315) 555-0175`
 * to a client; {@link normalizePhone} strips them.
 */
export const phoneSchema = z
  .string({ error: 'Expected a phone number as a string' })
  .regex(
    /^\+?\d{1,20}$/,
    'Expected a phone number: an optional "+" and digits only (e.g. "+13155550175" or "13155550175"); use normalizePhone() to strip spaces, dashes and brackets',
  );

/** A telephony subscriber id ("SIP number": extension or SIP login). */
const sipUserSchema = z.string().min(1, 'Expected a non-empty SIP user (extension or SIP login)');

// --- POST /voip/integration ---

/** Input of `telephony.notifyCall`. */
export const notifyCallInputSchema = z.object({
  /** `crm_token`: the chain's CRM token from the telephony redirect. */
  crmToken: crmTokenSchema,
  /** `type`: call direction; only `incoming` currently shows a pop-up in Altegio. */
  type: callTypeSchema,
  /** `phone`: the client's number (the caller on an incoming call). Sent unchanged. */
  phone: phoneSchema,
  /** `diversion`: the number the call came in on (the company's line / DID). Sent unchanged. */
  diversion: phoneSchema,
  /** `user`: the subscriber that rings (extension or SIP login); wins over `diversion` in routing. */
  user: sipUserSchema.optional(),
});

/** Input of `telephony.saveCall`. */
export const saveCallInputSchema = notifyCallInputSchema.extend({
  /** `duration`: talk time in whole seconds. */
  duration: z
    .number({ error: 'Expected the duration in seconds as a number' })
    .int('Expected whole seconds (round the duration, e.g. Math.round(ms / 1000))')
    .nonnegative('Expected a duration of 0 seconds or more')
    .optional(),
  /** `link`: URL of the call recording (http or https). */
  link: z.url({ protocol: /^https?$/, error: 'Expected the recording link as an http(s) URL' }).optional(),
  /** `call_id`: the call's id in your PBX. A number is sent as its decimal string. */
  callId: z
    .union([z.string().min(1), z.number().int().nonnegative()], {
      error: 'Expected the call id as a non-empty string or a non-negative integer',
    })
    .transform(String)
    .optional(),
  /** `status`: `success` (answered) or `missed`. */
  status: savedCallStatusSchema.optional(),
  /** `date`: when the call happened; a `Date`, or an ISO 8601 string with offset sent unchanged. */
  date: isoDateTimeInput.optional(),
});

/** What `telephony.notifyCall` takes. */
export type NotifyCallInput = z.input<typeof notifyCallInputSchema>;
/** What `telephony.saveCall` takes. */
export type SaveCallInput = z.input<typeof saveCallInputSchema>;

/**
 * A wire body of `POST /voip/integration` (snake_case), by `command`: `setup` (reference §4.1), `event`
 * (call notification) or `history` (save call). Built from the validated inputs above, so it is a type
 * only.
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

/** Filters of `telephony.calls` (every `listCalls` filter but `page`, which the iterator drives). */
export const callFiltersSchema = z.object({
  /** `salon_id`: the location whose calls to list. */
  locationId: z.number().int().positive('Expected a positive location id'),
  /** `date_from`: first day, inclusive. */
  dateFrom: calendarDateInput,
  /** `date_to`: last day. */
  dateTo: calendarDateInput,
  /** `phone`: only calls with this number, sent unchanged. */
  phone: phoneSchema.optional(),
  /** `types[]`: only these directions. */
  types: z.array(callTypeSchema).optional(),
  /** `statuses[]`: only these statuses. */
  statuses: z.array(callStatusSchema).optional(),
  /**
   * `limit`: calls per page, 1–1000.
   * @default 100
   */
  limit: z
    .number()
    .int()
    .min(1, 'Expected a page size of at least 1')
    .max(1000, 'Altegio returns at most 1000 calls a page')
    .default(100),
});

/** Input of `telephony.listCalls`. */
export const listCallsInputSchema = callFiltersSchema.extend({
  /**
   * `page`: which page, from 1.
   * @default 1
   */
  page: z.number().int().min(1, 'Pages are numbered from 1').default(1),
});

/** What `telephony.listCalls` takes. */
export type ListCallsInput = z.input<typeof listCallsInputSchema>;
/** What `telephony.calls` takes: the `listCalls` filters plus `limit` as the page size. */
export type CallFilters = z.input<typeof callFiltersSchema>;

// Open unions: the documented values autocomplete, a value Altegio adds later passes through.
const openStatus = z.string().transform((value): CallStatus | (string & {}) => value);
const openType = z.string().transform((value): CallType | (string & {}) => value);

/** One call of the call list, camelCased (reference §4.2). */
export const callSchema = z
  .looseObject({
    id: idOutput,
    client_id: idOutput.nullish(),
    caller_phone: z.string().nullish(),
    record_link: z.string().nullish(),
    duration: numeric.nullish(),
    status: openStatus,
    type: openType,
    call_date: z.string(),
  })
  .transform((call) => ({
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
  }));

/** A call of the location's call list. `status` and `type` are open: Altegio may add values. */
export type Call = z.output<typeof callSchema>;

/** The `data` of `GET /voip/integration/calls`: an array of calls (`null` read as none). */
export const callListSchema = z
  .array(callSchema)
  .nullish()
  .transform((calls) => calls ?? []);
