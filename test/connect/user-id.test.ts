// `redirect.user` has one shape whatever the payload spells: `userId`, never the raw `id` / `user_id`;
// a signed payload without one valid id is refused, not reported as a verified user without an id.
import { ConnectRedirectError, parseConnectRedirect } from 'altegio-marketplace';
import { signUserData } from 'altegio-marketplace/testing';
import { describe, expect, it } from 'vitest';
import { PARTNER_TOKEN } from '../helpers';

const options = { partnerToken: PARTNER_TOKEN };
const BASE = 'https://vendor.example/altegio/connect';

async function parsed(payload: string) {
  const signed = await signUserData(payload, options);
  return parseConnectRedirect(
    `${BASE}?salon_id=1&user_data=${encodeURIComponent(signed.userData)}&user_data_sign=${signed.userDataSign}`,
    options,
  );
}

describe('redirect.user id', () => {
  it.each([
    ['id', '{"id":5,"name":"Ann"}'],
    ['user_id', '{"user_id":5,"name":"Ann"}'],
    ['id as text', '{"id":"5","name":"Ann"}'],
    ['both, equal', '{"id":5,"user_id":"5","name":"Ann"}'],
  ])('reads %s into userId only', async (_label, payload) => {
    const { user } = await parsed(payload);
    expect(user).toMatchObject({ userId: 5, name: 'Ann' });
    expect(user).not.toHaveProperty('id');
    expect(user).not.toHaveProperty('user_id');
  });

  it.each([
    ['no id at all', '{"name":"Ann"}'],
    ['an id that is not a number', '{"id":"abc"}'],
    ['a zero id', '{"id":0}'],
    ['a negative id', '{"user_id":-4}'],
    ['a fractional id', '{"id":5.5}'],
    ['a null id', '{"id":null,"name":"Ann"}'],
    ['conflicting id and user_id', '{"id":5,"user_id":6}'],
    ['a valid user_id beside a malformed id', '{"id":"abc","user_id":6}'],
  ])('refuses a signed payload with %s as invalid-user-data', async (_label, payload) => {
    const error = await parsed(payload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectRedirectError);
    expect((error as ConnectRedirectError).reason).toBe('invalid-user-data');
    expect((error as Error).message).not.toContain('Ann');
  });
});
