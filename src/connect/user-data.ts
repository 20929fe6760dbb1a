import * as z from 'zod/mini';
import { isPositiveId } from '../core/rules';
import { camelKeys, idOutput, optional } from '../core/wire';

/** A positive integer id, as a number or a numeric string. */
const userIdWire = z.pipe(idOutput, z.custom<number>(isPositiveId, 'Expected a positive integer user id'));

const userShape = {
  id: z.optional(userIdWire),
  user_id: z.optional(userIdWire),
  name: optional(z.string()),
  email: optional(z.string()),
  phone: optional(z.union([z.string(), z.pipe(z.number(), z.transform(String))])),
  is_approved: optional(
    z.union([
      z.boolean(),
      z.pipe(
        z.number(),
        z.transform((n: number) => n !== 0),
      ),
    ]),
  ),
  avatar: optional(z.string()),
  salon_name: optional(z.string()),
};

/** The message of a signed payload without one valid user id. */
export const USER_ID_PROBLEM =
  'user_data is signed but has no valid user id: it needs a positive integer id (or user_id), and both must agree when both are sent.';

/**
 * The Altegio user who clicked Connect, from the verified `user_data` (a base64 JSON object). Altegio's
 * back end sends `{id, name, phone, email, is_approved, avatar, salon_name}`; its guide shows `user_id`.
 * Either spelling of the id is read into `userId` (neither is kept as is); a payload without a valid
 * positive id, or whose `id` and `user_id` differ, does not parse. Known fields are typed; any other
 * field Altegio adds is kept, camelCased.
 */
export const connectUserSchema = z.pipe(
  z
    .looseObject(userShape)
    .check(
      z.refine(
        (u: { id?: number | undefined; user_id?: number | undefined }) =>
          (u.id ?? u.user_id) !== undefined &&
          (u.id === undefined || u.user_id === undefined || u.id === u.user_id),
        USER_ID_PROBLEM,
      ),
    ),
  z.transform(({ id, user_id, ...u }: z.output<z.ZodMiniObject<typeof userShape, z.core.$loose>>) => ({
    ...camelKeys(u),
    /** Altegio user id (`id`, or `user_id` as the guide spells it). */
    userId: (id ?? user_id) as number,
    /** Full name (`name`). */
    name: u.name,
    /** E-mail (`email`). */
    email: u.email,
    /** Phone (`phone`), digits as Altegio sent them (often without `+`). */
    phone: u.phone,
    /** Whether the user confirmed their account (`is_approved`; `1`/`0` read as a boolean). */
    isApproved: u.is_approved,
    /** URL of the user's picture (`avatar`). */
    avatar: u.avatar,
    /** Name of the location the redirect was built for (`salon_name`). Not proof of access to it. */
    locationName: u.salon_name,
  })),
);
/** The Altegio user of a verified registration redirect. */
export type ConnectUser = z.output<typeof connectUserSchema>;

/** Reads a signed, decoded `user_data` object; `undefined` when its user id is missing or conflicting. */
export function readConnectUser(decoded: object): ConnectUser | undefined {
  const user = z.safeParse(connectUserSchema, decoded);
  return user.success ? user.data : undefined;
}
