// What the commands share: where they write, their common options, the credentials they fall back
// to from the environment, and starting the fake host with them.
import { positiveInt, UsageError } from '../args';
import { type FakeHost, type FakeHostOptions, startFakeHost } from '../fake-host';
import { HELP } from '../help';

/** Where a command writes. */
export interface Io {
  /** Writes a line to stdout. */
  out: (text: string) => void;
  /** Writes a line to stderr. */
  err: (text: string) => void;
  /** The environment (partner token and application id fallbacks). */
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the user asks to stop (Ctrl-C); `fake` runs until then. */
  stopped: Promise<void>;
}

/** A command: parses `argv` and resolves to its exit code (0 passed, 1 failed). */
export type Command = (argv: readonly string[], io: Io) => Promise<number>;

/** `-h, --help`, which every command takes. */
export const help = { type: 'boolean', short: 'h' } as const;
/** An option with a value. */
export const str = { type: 'string' } as const;

/** Prints the help of `command`; exit code 0. */
export function usage(io: Io, command: string): number {
  io.out(HELP[command] ?? '');
  return 0;
}

/**
 * The partner token and application id from the options, else the environment; with `generate`, a
 * new partner token when neither has one.
 * @throws {UsageError} on an empty `--partner-token` or a malformed application id.
 */
export function credentials(
  values: { 'partner-token'?: string | undefined; 'application-id'?: string | undefined },
  env: Io['env'],
  generate: boolean,
): {
  partnerToken: string | undefined;
  /** Where the partner token came from: a token the user gave is never printed. */
  partnerTokenFrom: '--partner-token' | '$ALTEGIO_PARTNER_TOKEN' | 'generated' | undefined;
  applicationId: number | undefined;
} {
  const given = values['partner-token'] ?? (env.ALTEGIO_PARTNER_TOKEN || undefined);
  const partnerTokenFrom =
    values['partner-token'] !== undefined
      ? '--partner-token'
      : given !== undefined
        ? '$ALTEGIO_PARTNER_TOKEN'
        : generate
          ? 'generated'
          : undefined;
  const partnerToken = given ?? (generate ? `fake-partner-${crypto.randomUUID()}` : undefined);
  if (partnerToken === '') throw new UsageError('--partner-token must not be empty.');
  const applicationId =
    positiveInt(values['application-id'], '--application-id') ??
    positiveInt(env.ALTEGIO_APPLICATION_ID || undefined, 'ALTEGIO_APPLICATION_ID');
  return { partnerToken, partnerTokenFrom, applicationId };
}

/**
 * Starts the fake host of `fake` and `rehearse`: application id 4242 and the user token
 * `$ALTEGIO_USER_TOKEN` (or `fake-user-token`) unless given.
 * @throws {RunError} when the port is taken.
 */
export function startHost(
  io: Io,
  options: Omit<FakeHostOptions, 'applicationId' | 'userToken'> & { applicationId: number | undefined },
): Promise<FakeHost> {
  return startFakeHost({
    ...options,
    applicationId: options.applicationId ?? 4242,
    userToken: io.env.ALTEGIO_USER_TOKEN || 'fake-user-token',
  });
}
