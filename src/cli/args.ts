import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Bad usage: an unknown command or option, a missing or malformed value. The CLI exits 2. */
export class UsageError extends Error {
  override name = 'UsageError' as const;
}

/** A run that could not complete (an unreachable backend, a port in use). The CLI exits 1. */
export class RunError extends Error {
  override name = 'RunError' as const;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `argv` strictly with `node:util` parseArgs; its errors become {@link UsageError}s. */
export function parse<T extends Options>(
  command: string,
  argv: readonly string[],
  options: T,
): ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: true; args: string[] }>> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${command}: ${message.replace(/\. To specify a positional argument.*$/s, '.')}`);
  }
}

/** A TCP port (0 = any free one). */
export function port(value: string | undefined, name = '--port'): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number > 65_535)
    throw new UsageError(`${name} must be a port number from 0 to 65535, got "${value}".`);
  return number;
}

/** A positive integer id (location, chain, application). */
export function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number <= 0)
    throw new UsageError(`${name} must be a positive integer, got "${value}".`);
  return number;
}

/** A positive number of seconds. */
export function seconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new UsageError(`${name} must be a positive number of seconds, got "${value}".`);
  return number;
}

/** An absolute http(s) URL. */
export function httpUrl(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `${name} must be an absolute http(s) URL such as http://127.0.0.1:3000/path, got "${value}".`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${name} must be an http(s) URL, got "${value}".`);
  return url.href;
}

/** Fails with a usage error naming the option when a required value is missing. */
export function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new UsageError(message);
  return value;
}

/** Rejects positional arguments a command does not take. */
export function noPositionals(command: string, positionals: readonly string[]): void {
  if (positionals.length > 0)
    throw new UsageError(
      `${command}: unexpected argument "${positionals[0]}". See \`altegio-marketplace ${command} --help\`.`,
    );
}

/** Cleanups to run when the user presses Ctrl-C during a command that is not meant to run forever. */
export const interruptCleanups = new Set<() => Promise<void>>();
