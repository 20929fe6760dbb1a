import * as z from 'zod/mini';
import { looseObject, object } from '../core/objects';
import { WebhookVerificationError } from '../errors/webhook-verification-error';
import { parseOrThrow, readBody, type WebhookBody } from './body';
import { checkSecret, signedLocation } from './url-token';
import { id, ref as idRef } from './wire';

const WHAT = 'Entity webhook';

const text = z.optional(z.nullable(z.string()));
const num = z.optional(z.nullable(z.number()));
// Ids inside `data` stay as sent (number, or a digit string in older answers).
const ref = z.optional(z.nullable(idRef));

// `data` is the entity as its GET returns it. Only well-known fields are typed and checked, all
// optional; the other fields stay as sent (see `toEvent`), which is much cheaper than
// a loose object's per-key pass of the unknown keys. A new field never turns a real delivery into a 400.
const fields = object;

const nameTitle = {
  /** `id`: the entity's id (number, or a digit string in older answers). */
  id: ref,
  /** `title`: the display title, for the resources that have one. */
  title: text,
  /** `name`: the name, for the resources that have one. */
  name: text,
};

/** `data` of a `record` (appointment) event. */
export const recordDataSchema = fields({
  /** `id`: the appointment's id. */
  id: ref,
  /** `company_id`: the location; must match the envelope's. */
  company_id: ref,
  /** `staff_id`: the team member the appointment is with. */
  staff_id: ref,
  /** `datetime`: when it starts, as sent. */
  datetime: text,
  /** `date`: the appointment's date and time, as sent. */
  date: text,
  /** `seance_length`: its duration in seconds. */
  seance_length: num,
  /** `attendance`: the visit status code, as sent. */
  attendance: num,
  /** `comment`: the appointment's comment. */
  comment: text,
  /** `client`: the client the appointment is for; extra fields are kept. */
  client: z.optional(
    z.nullable(
      looseObject({
        /** `id`: the client's id. */
        id: ref,
        /** `name`: the client's name. */
        name: text,
        /** `phone`: the client's phone, as sent. */
        phone: text,
        /** `email`: the client's email. */
        email: text,
      }),
    ),
  ),
});
/** `data` of a `client` event. */
export const clientDataSchema = fields({
  /** `id`: the client's id. */
  id: ref,
  /** `name`: the client's (first) name. */
  name: text,
  /** `surname`: the client's surname. */
  surname: text,
  /** `display_name`: the name as Altegio shows it. */
  display_name: text,
  /** `phone`: the client's phone, as sent. */
  phone: text,
  /** `email`: the client's email. */
  email: text,
});
/** `data` of a `staff` (team member) event. */
export const staffDataSchema = fields({
  ...nameTitle,
  /** `specialization`: the team member's specialization. */
  specialization: text,
});
/** `data` of a `service` event. */
export const serviceDataSchema = fields({
  ...nameTitle,
  /** `category_id`: the service category it belongs to. */
  category_id: ref,
});
/** `data` of a `service_category` event. */
export const serviceCategoryDataSchema = fields(nameTitle);
/** `data` of a location (`salon`/`company`) event. */
export const locationDataSchema = fields({
  ...nameTitle,
  /** `timezone_name`: the location's time zone, e.g. `"Europe/Berlin"`. */
  timezone_name: text,
});

const anyData = z.unknown();

/** Typed fields of a `record` (appointment) event's `data` (other fields are kept as sent). */
export type RecordData = z.output<typeof recordDataSchema>;
/** Typed fields of a `client` event's `data` (other fields are kept as sent). */
export type ClientData = z.output<typeof clientDataSchema>;
/** Typed fields of a `staff` (team member) event's `data` (other fields are kept as sent). */
export type StaffData = z.output<typeof staffDataSchema>;
/** Typed fields of a `service` event's `data` (other fields are kept as sent). */
export type ServiceData = z.output<typeof serviceDataSchema>;
/** Typed fields of a `service_category` event's `data` (other fields are kept as sent). */
export type ServiceCategoryData = z.output<typeof serviceCategoryDataSchema>;
/** Typed fields of a location (`salon`/`company`) event's `data` (other fields are kept as sent). */
export type LocationData = z.output<typeof locationDataSchema>;

/**
 * The `data` each entity kind carries, by `resource`: the typed fields plus whatever else Altegio sent
 * (kept as is); kinds whose fields are not typed yet carry `unknown`.
 */
export interface EntityDataMap {
  /** `record`: an appointment. */
  record: RecordData & Record<string, unknown>;
  /** `client`: a client card. */
  client: ClientData & Record<string, unknown>;
  /** `staff`: a team member. */
  staff: StaffData & Record<string, unknown>;
  /** `service`: a service. */
  service: ServiceData & Record<string, unknown>;
  /** `service_category`: a service category. */
  service_category: ServiceCategoryData & Record<string, unknown>;
  /** `location`: the location itself (sent as `salon` or `company`). */
  location: LocationData & Record<string, unknown>;
  /** `good`: a product (goods item); not typed yet. */
  good: unknown;
  /** `goods_operations_sale`: a goods operation of type sale; not typed yet. */
  goods_operations_sale: unknown;
  /** `goods_operations_receipt`: a goods operation of type receipt; not typed yet. */
  goods_operations_receipt: unknown;
  /** `goods_operations_consumable`: a goods operation of type consumable; not typed yet. */
  goods_operations_consumable: unknown;
  /** `goods_operations_stolen`: a goods operation of type stolen; not typed yet. */
  goods_operations_stolen: unknown;
  /** `goods_operations_move`: a goods operation of type move; not typed yet. */
  goods_operations_move: unknown;
  /** `finances_operation`: a finances operation; not typed yet. */
  finances_operation: unknown;
  /** `schedule`: a team member's schedule; not typed yet. */
  schedule: unknown;
  /** `loyalty_card`: a loyalty card; not typed yet. */
  loyalty_card: unknown;
}

/** The entity kinds this SDK types; `salon` and `company` arrive as `location`. */
export type EntityResource = keyof EntityDataMap;

// `satisfies` keeps this table and EntityDataMap naming the same kinds.
const resources = {
  record: recordDataSchema,
  client: clientDataSchema,
  staff: staffDataSchema,
  service: serviceDataSchema,
  service_category: serviceCategoryDataSchema,
  location: locationDataSchema,
  good: anyData,
  goods_operations_sale: anyData,
  goods_operations_receipt: anyData,
  goods_operations_consumable: anyData,
  goods_operations_stolen: anyData,
  goods_operations_move: anyData,
  finances_operation: anyData,
  schedule: anyData,
  loyalty_card: anyData,
} as const satisfies Record<EntityResource, z.ZodMiniType>;

const envelopeShape = {
  company_id: id,
  resource: z.string(),
  resource_id: id,
  status: z.literal(['create', 'update', 'delete']),
};

/** Wire envelope of every entity webhook, `data` unchecked. */
export const entityEnvelopeSchema = object({ ...envelopeShape, data: z.optional(z.unknown()) });

// One schema per resource for the whole body, so a delivery is checked in a single pass.
const bodySchemas = new Map<string, typeof entityEnvelopeSchema>(
  Object.entries(resources).map(([name, data]) => [
    name,
    object({ ...envelopeShape, data: z.optional(data) }) as unknown as typeof entityEnvelopeSchema,
  ]),
);

/** The fields every entity webhook has, with `resource` of type `R` and `data` of type `D`. */
export interface EntityEnvelope<R, D> {
  /** `company_id`: the location where the change happened. */
  locationId: number;
  /** `resource`; `salon` and `company` both read as `location`. */
  resource: R;
  /** `resource_id`: the changed entity's id (for `schedule`, the team member's id). */
  resourceId: number;
  /** `status`: what happened to the entity. */
  status: 'create' | 'update' | 'delete';
  /** `data`: the entity as its GET returns it. */
  data: D;
}

/** An entity webhook for a resource this SDK knows; switch on `resource` to narrow `data`. */
export type KnownEntityEvent = {
  [R in EntityResource]: EntityEnvelope<R, EntityDataMap[R]>;
}[EntityResource];
/** An entity webhook for a resource this SDK does not know (`name` holds the wire value). */
export interface UnknownEntityEvent extends EntityEnvelope<'unknown', unknown> {
  /** The wire `resource` value this SDK does not know. */
  name: string;
}
/** A verified entity webhook. */
export type EntityEvent = KnownEntityEvent | UnknownEntityEvent;
/** An entity webhook narrowed to one resource, e.g. `EntityEventOf<'client'>`. */
export type EntityEventOf<R extends EntityResource> = Extract<
  KnownEntityEvent,
  {
    /** The resource to narrow to. */
    resource: R;
  }
>;

/** Options of {@link verifyEntityEvent}. */
export interface VerifyEntityOptions {
  /** The secret given to {@link signWebhookUrl}. */
  secret: string;
  /** The URL the delivery was sent to (`request.url`); its query holds the location token. */
  url: string | URL;
}

function toEvent(value: unknown): EntityEvent {
  let body = value as { resource?: unknown; data?: unknown } | null;
  const wire = typeof body === 'object' && body !== null ? body.resource : undefined;
  const resource = wire === 'salon' || wire === 'company' ? 'location' : wire;
  const schema = (typeof resource === 'string' && bodySchemas.get(resource)) || entityEnvelopeSchema;
  // PHP encodes an empty object as `[]` (e.g. `schedule`, some deletes).
  if (body && Array.isArray(body.data) && body.data.length === 0) body = { ...body, data: {} };
  const envelope = parseOrThrow(schema, body, WHAT);
  const event = {
    locationId: Number(envelope.company_id),
    resourceId: Number(envelope.resource_id),
    status: envelope.status,
    // The data schemas only check (no field is transformed), so the body's own object, with every
    // field Altegio sent, is what they vouch for: no copy needed.
    data: (body as { data?: unknown }).data ?? {},
  };
  if (schema === entityEnvelopeSchema) return { ...event, resource: 'unknown', name: envelope.resource };
  return { ...event, resource } as KnownEntityEvent;
}

/**
 * Verifies an entity webhook against the token in its URL and returns it as a typed event.
 *
 * The URL must carry the `altegio_location` and `altegio_token` that {@link signWebhookUrl} added; the
 * token must match that location, and the body's `company_id` must be that location. A resource this
 * SDK does not know comes back as `{ resource: 'unknown', name, ... }`.
 *
 * @throws {WebhookVerificationError} `invalid-url-token` (missing or wrong token), `location-mismatch`
 * (token of another location) or `malformed-body`.
 * @throws {ConfigurationError} when `secret` is shorter than 16 characters.
 * @example
 * ```ts
 * const event = await verifyEntityEvent(await request.text(), { secret, url: request.url });
 * if (event.resource === 'record') console.log(event.data.datetime);
 * ```
 */
export async function verifyEntityEvent(
  body: WebhookBody,
  options: VerifyEntityOptions,
): Promise<EntityEvent> {
  checkSecret(options.secret);
  return verifyEntityChecked(body, options);
}

// The ids `data.company_id` may hold to name a location: what the envelope's `company_id` accepts.
const namesLocation = (value: unknown, locationId: number) =>
  id.safeParse(value).success && Number(value) === locationId;

/** @internal {@link verifyEntityEvent} for options already checked (by a handler, once). */
export async function verifyEntityChecked(
  body: WebhookBody,
  options: VerifyEntityOptions,
): Promise<EntityEvent> {
  const locationId = await signedLocation(options.url, options.secret);
  const event = toEvent(readBody(body, WHAT).value);
  // `data.company_id`, when the entity carries one, must name the signed location: an array, an
  // object or any other value is refused, not skipped.
  const data = event.data;
  const inner =
    typeof data === 'object' && data !== null && Object.hasOwn(data, 'company_id')
      ? (data as { company_id?: unknown }).company_id
      : undefined;
  const innerOk = inner === undefined || inner === null || namesLocation(inner, locationId);
  if (event.locationId !== locationId || !innerOk) {
    const other = event.locationId !== locationId ? event.locationId : 'another location';
    throw new WebhookVerificationError(
      'location-mismatch',
      `Entity webhook for ${typeof other === 'number' ? `location ${other}` : other} arrived on the URL signed for location ${locationId}.`,
    );
  }
  return event;
}
