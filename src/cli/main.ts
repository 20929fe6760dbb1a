/**
 * The `altegio-marketplace` command: `fake`, `trigger`, `redirect` and `rehearse`, to rehearse Altegio
 * Marketplace moderation against your own backend. Exit codes: 0 passed, 1 failed, 2 bad usage.
 *
 * @module altegio-marketplace/cli
 */
import { interruptCleanups, RunError, UsageError } from './args';
import { COMMANDS, type Io } from './commands/index';
import { HELP } from './help';
import { redactText } from './redact';

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code. Never
 * throws: usage errors print a message and resolve to 2, failures to 1, with no stack trace.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['rehearse', '--help'], io);
 * ```
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP.main ?? '');
      return command === undefined ? 2 : 0;
    }
    const run = COMMANDS[command];
    if (!run)
      throw new UsageError(`unknown command "${command}". Commands: fake, trigger, redirect, rehearse.`);
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(
        `altegio-marketplace: ${error.message}\nRun \`altegio-marketplace ${command && COMMANDS[command] ? `${command} ` : ''}--help\` for usage.`,
      );
      return 2;
    }
    const message =
      error instanceof RunError
        ? error.message
        : `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
    io.err(`altegio-marketplace: ${redactText(message)}`);
    return 1;
  }
}

const stopped = new Promise<void>((resolve) => {
  const stop = () => {
    resolve();
    // `fake` stops by itself on this; any other command stops what it started, then exits.
    if (process.argv[2] !== 'fake')
      void Promise.allSettled([...interruptCleanups].map((cleanup) => cleanup())).then(() =>
        process.exit(130),
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  stopped,
});
// Open sockets (an SSE viewer, keep-alive fetches) must not keep a finished command alive.
process.exit();
