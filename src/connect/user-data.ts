import * as z from 'zod/mini';
import { isPositiveId } from '../core/rules';
import { camelKeys, idOutput, optional } from '../core/wire';

// Web APIs only (atob/btoa, TextEncoder), so the signer in `testing` and the parser share them anywhere.

/**
 * Standard base64 (PHP `base64_encode`): whole 4-character groups, then either a correctly padded last
 * group (`xx==`, `xxx=`) or the same without its padding (`xx`, `xxx`). Padding anywhere else (`Y=`,
 * `YQ=`, `YWJjZA=`) or a lone trailing character is refused, so `atob` never sees what it rejects.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/**
 * Decodes standard base64 to bytes, or returns `undefined` when it is not base64 (never throws the
 * `DOMException` of `atob`).
 */
export function base64ToBytes(value: string): Uint8Array | undefined {
  if (!BASE64.test(value)) return undefined;
  let binary: string;
  try {
    binary = atob(value);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Encodes bytes as standard, padded base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

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
