// `redirect`: a signed registration redirect URL, as Altegio sends the browser after Connect.
import { buildConnectRedirectUrl } from '../../testing/index';
import { httpUrl, noPositionals, parse, positiveInt, required, UsageError } from '../args';
import { help, type Io, str, usage } from './shared';

/**
 * `redirect`: prints a registration redirect URL as Altegio forms it, `user_data` signed.
 * @throws {UsageError} on a bad option.
 */
export async function redirectCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse('redirect', argv, {
    help,
    'registration-url': str,
    location: { type: 'string', multiple: true },
    chain: str,
    user: str,
    'partner-token': str,
  });
  if (values.help) return usage(io, 'redirect');
  noPositionals('redirect', positionals);
  const registrationUrl = required(
    httpUrl(values['registration-url'], '--registration-url'),
    'redirect: --registration-url URL is required.',
  );
  const locationIds = (values.location ?? []).map((value) => positiveInt(value, '--location') as number);
  if (locationIds.length === 0) throw new UsageError('redirect: at least one --location N is required.');
  const chainId = positiveInt(values.chain, '--chain');
  let user: Record<string, unknown> | undefined;
  if (values.user !== undefined) {
    try {
      user = JSON.parse(values.user) as Record<string, unknown>;
    } catch {
      throw new UsageError(
        `--user must be a JSON object such as '{"user_id":501,"name":"Ann Lee"}', got ${values.user}.`,
      );
    }
    if (typeof user !== 'object' || user === null || Array.isArray(user))
      throw new UsageError(`--user must be a JSON object, got ${values.user}.`);
  }
  const partnerToken = values['partner-token'] ?? (io.env.ALTEGIO_PARTNER_TOKEN || undefined);
  if (user !== undefined && partnerToken === undefined)
    throw new UsageError(
      'redirect: --user is signed with your partner token: pass --partner-token or set ALTEGIO_PARTNER_TOKEN.',
    );
  const url = await buildConnectRedirectUrl(registrationUrl, {
    locationIds,
    ...(chainId === undefined ? {} : { chainId, crmToken: crypto.randomUUID() }),
    ...(user === undefined ? {} : { user: JSON.stringify(user) }),
    ...(partnerToken === undefined ? {} : { partnerToken }),
  });
  io.out(url);
  return 0;
}
