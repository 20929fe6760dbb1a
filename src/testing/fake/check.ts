import { isCrmToken, isLocationId, isPositiveId, RULE_MESSAGES } from '../../core/rules';
import { ConfigurationError } from '../../errors/configuration-error';

// Argument checks of the fake's public methods: the core rules, with messages that name the method
// and the option. Messages never echo a value, so no token reaches one.

/** Throws a {@link ConfigurationError} for `option` unless `ok`. */
export function need(ok: boolean, method: string, option: string, message: string): asserts ok {
  if (!ok) throw new ConfigurationError(option, `${method}: \`${option}\` ${message}.`);
}

/** Whether `value` is a non-array object. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks that a method got an options object. */
export function needOptions(
  value: unknown,
  method: string,
  example: string,
): asserts value is Record<string, unknown> {
  if (!isRecord(value)) {
    throw new ConfigurationError('options', `${method} takes an options object, e.g. ${method}(${example}).`);
  }
}

/** Checks a location id argument. */
export function needLocationId(
  value: unknown,
  method: string,
  option = 'locationId',
): asserts value is number {
  need(isLocationId(value), method, option, RULE_MESSAGES.locationId);
}

/** Checks an optional chain id. */
export function needChainId(value: unknown, method: string): void {
  need(value === undefined || isPositiveId(value), method, 'chainId', 'expected a positive integer chain id');
}

/** Checks an optional CRM token. */
export function needCrmToken(value: unknown, method: string): void {
  need(value === undefined || isCrmToken(value), method, 'crmToken', RULE_MESSAGES.crmToken);
}

/**
 * Checks the `locationIds` of a grant. A `locationId` (singular) is the common slip: the message says
 * which key the method wants.
 */
export function needLocationIds(options: Record<string, unknown>, method: string): void {
  const ids = options.locationIds;
  if (ids === undefined && 'locationId' in options) {
    throw new ConfigurationError(
      'locationIds',
      `${method} wants \`locationIds\` (an array), not \`locationId\`: ${method}({ locationIds: [456], ... }).`,
    );
  }
  need(
    Array.isArray(ids) && ids.length > 0,
    method,
    'locationIds',
    'expected a non-empty array of location ids, e.g. [456]',
  );
  for (const id of ids) needLocationId(id, method, 'locationIds');
}

/** Checks an optional absolute URL (string or `URL`). */
export function needUrl(value: unknown, method: string, option: string, required = false): void {
  const ok =
    (value === undefined && !required) ||
    value instanceof URL ||
    (typeof value === 'string' && URL.canParse(value));
  need(ok, method, option, 'expected an absolute URL, e.g. "https://vendor.example/altegio/connect"');
}
