// The vendor's processes during a rehearsal: the backend started with `--start` (and stopped at the
// end), the payment and refund hooks, and the wait until the backend answers.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Check } from './checks/check';
import { failureReason, sleep } from './observe';
import { redactText } from './redact';

/** A backend started with `--start`: the output it printed, and how to stop it. */
export interface Started {
  /** The shell running the command. */
  child: ChildProcess;
  /** The last 40 lines it printed (stdout and stderr). */
  output: string[];
  /** Resolves to its exit code. */
  exited: Promise<number | null>;
  /** Stops the shell and what it started: SIGTERM, then SIGKILL after 3 s. */
  stop(): Promise<void>;
}

/** Runs `command` through the shell with `env` on top of this process's environment. */
function shell(command: string, env: Record<string, string>, detached: boolean): ChildProcess {
  return spawn(command, {
    shell: true,
    ...(detached ? { detached: true } : {}),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Calls `keep` with each chunk the child prints, on stdout or stderr. */
function onOutput(child: ChildProcess, keep: (text: string) => void): void {
  const take = (chunk: Buffer) => keep(chunk.toString());
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
}

const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Starts the backend (`--start`) in its own process group, so that stopping it stops what it started.
 * @example
 * ```ts
 * const started = startBackend('npm start', { ...host.env, PORT: '3000' });
 * await started.stop();
 * ```
 */
export function startBackend(command: string, env: Record<string, string>): Started {
  const child = shell(command, env, true);
  const output: string[] = [];
  onOutput(child, (text) => {
    output.push(...text.split('\n').filter(Boolean));
    if (output.length > 40) output.splice(0, output.length - 40);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(127));
    child.once('exit', (code) => resolve(code));
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      // The shell and what it started share a process group: stop them together.
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  return {
    child,
    output,
    exited,
    async stop() {
      if (gone(child)) return;
      signal('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
      if (!done) signal('SIGKILL');
    },
  };
}

/**
 * Waits until the registration URL answers anything at all; resolves to `undefined` then, or to why
 * it did not within `ms` (or why the started backend exited first).
 */
export async function reachable(url: string, ms: number, started?: Started): Promise<string | undefined> {
  const deadline = Date.now() + ms;
  let last = 'no answer';
  for (;;) {
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      return undefined;
    } catch (error) {
      last = failureReason(error);
    }
    if (started && gone(started.child))
      return `the backend exited (${started.child.exitCode ?? started.child.signalCode})`;
    if (Date.now() > deadline) return last;
    await sleep(200);
  }
}

/**
 * Runs a vendor hook (`--on-payment`, `--on-refund`) through the shell; its last five lines go into
 * the check's transcript, redacted. Resolves to its exit code (127 when it cannot start).
 */
export async function runHook(check: Check, command: string, env: Record<string, string>): Promise<number> {
  check.note(`vendor hook → ${command}`);
  const child = shell(command, env, false);
  let output = '';
  onOutput(child, (text) => {
    output += text;
  });
  const code = await new Promise<number>((resolve) => {
    child.once('error', () => resolve(127));
    child.once('close', (status) => resolve(status ?? 1));
  });
  for (const line of output.trim().split('\n').filter(Boolean).slice(-5))
    check.note(`    ${redactText(line)}`);
  check.note(`vendor hook ← exit ${code}`);
  return code;
}
