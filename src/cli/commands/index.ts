// The four commands, by name. Each parses its own options with node:util parseArgs and resolves to an
// exit code: 0 passed, 1 failed; usage errors are thrown as UsageError (exit 2) and caught in main.
import { fakeCommand } from './fake';
import { redirectCommand } from './redirect';
import { rehearseCommand } from './rehearse';
import type { Command } from './shared';
import { triggerCommand } from './trigger';

export type { Command, Io } from './shared';

/** The commands of `altegio-marketplace`, by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  fake: fakeCommand,
  trigger: triggerCommand,
  redirect: redirectCommand,
  rehearse: rehearseCommand,
};
