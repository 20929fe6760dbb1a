// `rehearse`: plays Altegio (the fake) and the user's browser against a vendor backend, and runs the
// five checks of Altegio's moderation. Everything it asserts is observed from outside the backend: what
// the browser got, and what the backend sent to the fake.
import { writeFile } from 'node:fs/promises';
import { interruptCleanups, RunError } from './args';
import { reachable, type Started, startBackend } from './backend';
import type { CheckResult } from './checks/check';
import { L1, type Rehearsal } from './checks/context';
import { CHECKS } from './checks/index';
import { runCheck } from './checks/runner';
import type { FakeHost } from './fake-host';
import { redactText } from './redact';

export type { CheckResult } from './checks/check';

/** The machine-readable report (`--json`). */
export interface RehearsalReport {
  /** Whether every check passed. */
  ok: boolean;
  /** The backend's registration redirect URL. */
  registrationUrl: string;
  /** The backend's callback URL. */
  callbackUrl: string;
  /** When the rehearsal ended, ISO 8601. */
  finishedAt: string;
  /** The five checks, in order. */
  checks: CheckResult[];
}

/** Options of {@link rehearse}. */
export interface RehearseOptions {
  /** The running fake and console. */
  host: FakeHost;
  /** The backend's registration redirect URL. */
  registrationUrl: string;
  /** The backend's callback URL. */
  callbackUrl: string;
  /** Shell command that starts the backend. @default none: it already runs */
  start?: string | undefined;
  /** Shell command that bills location `$ALTEGIO_LOCATION_ID`. @default none: wait for a manual bill */
  onPayment?: string | undefined;
  /** Shell command that refunds payment `$ALTEGIO_PAYMENT_ID`. @default none: wait for a manual refund */
  onRefund?: string | undefined;
  /** Seconds to wait for the backend to start, and for a payment or refund. */
  timeout: number;
  /** Where to write the JSON report. @default none */
  json?: string | undefined;
  /** Environment of the hooks, whose secrets (`ADMIN_TOKEN`) are scrubbed too. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Prints a line of the checklist. */
  print: (text: string) => void;
}

/** Whatever a hook or a backend printed, the known secrets never reach the terminal or the report. */
function scrubber(options: RehearseOptions): (text: string) => string {
  const { host } = options;
  const secrets = [host.env.ALTEGIO_PARTNER_TOKEN, host.env.ALTEGIO_USER_TOKEN, options.env?.ADMIN_TOKEN];
  return (text) => {
    let out = text;
    for (const secret of [...secrets, ...host.crmTokens()]) {
      if (secret !== undefined && secret.length >= 6) out = out.replaceAll(secret, '[REDACTED]');
    }
    return out;
  };
}

/** Starts the backend when `--start` was given, with PORT set to the registration URL's port. */
function startIfAsked(options: RehearseOptions, print: (text: string) => void): Started | undefined {
  if (options.start === undefined) return undefined;
  const port =
    new URL(options.registrationUrl).port || (options.registrationUrl.startsWith('https:') ? '443' : '80');
  print(`Starting the backend: ${options.start}  (PORT=${port}, ALTEGIO_* pointing at the fake)`);
  const started = startBackend(options.start, { ...options.host.env, PORT: port });
  interruptCleanups.add(started.stop);
  return started;
}

/** @throws {RunError} when the backend does not answer, saying how to start it. */
async function ensureReachable(options: RehearseOptions, started: Started | undefined): Promise<void> {
  const { registrationUrl, start, timeout } = options;
  const problem = await reachable(registrationUrl, start ? timeout * 1000 : 1500, started);
  if (problem === undefined) return;
  const tail =
    started && started.output.length > 0
      ? `\nIts last output:\n  ${started.output.slice(-10).map(redactText).join('\n  ')}`
      : '';
  throw new RunError(
    start
      ? `the backend started with --start did not answer at ${registrationUrl} within ${timeout} s: ${problem}. Does it listen on PORT and serve that path?${tail}`
      : `cannot reach the backend at ${registrationUrl} (${problem}). Start it with the env lines that \`altegio-marketplace fake --port ${new URL(options.host.url).port}\` prints, or pass --start "<command>".`,
  );
}

/** Prints the summary line and writes the JSON report when asked. */
async function finish(
  options: RehearseOptions,
  results: CheckResult[],
  print: (text: string) => void,
): Promise<RehearsalReport> {
  const report: RehearsalReport = {
    ok: results.every((r) => r.outcome === 'passed'),
    registrationUrl: options.registrationUrl,
    callbackUrl: options.callbackUrl,
    finishedAt: new Date().toISOString(),
    checks: results,
  };
  const passed = results.filter((r) => r.outcome === 'passed').length;
  const failed = results.filter((r) => r.outcome === 'failed');
  print(
    `${passed} passed, ${failed.length} failed${failed.length > 0 ? ` (${failed.map((r) => r.number).join(', ')})` : ''}`,
  );
  if (options.json !== undefined) {
    await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
    print(`Report written to ${options.json}`);
  }
  return report;
}

/**
 * Runs the five checks. Resolves to the report; a failed check does not throw.
 * @throws {RunError} when the backend cannot be started or reached.
 * @example
 * ```ts
 * const report = await rehearse({ host, registrationUrl, callbackUrl, timeout: 60, print: console.log });
 * ```
 */
export async function rehearse(options: RehearseOptions): Promise<RehearsalReport> {
  const { host } = options;
  const scrub = scrubber(options);
  const print = (text: string) => options.print(scrub(text));
  host.checks = CHECKS.map(({ title }) => ({ title, state: 'pending' }));
  host.changed();
  const started = startIfAsked(options, print);
  try {
    await ensureReachable(options, started);
    host.fake.callbackUrl = options.callbackUrl;
    const rehearsal: Rehearsal = {
      host,
      fake: host.fake,
      user: host.newUser(),
      callbackUrl: options.callbackUrl,
      timeout: options.timeout,
      onPayment: options.onPayment,
      onRefund: options.onRefund,
      hookEnv: {
        ...host.env,
        ALTEGIO_BACKEND_URL: new URL(options.registrationUrl).origin,
        ALTEGIO_LOCATION_ID: String(L1),
      },
      print,
      paymentId: undefined,
    };
    const results: CheckResult[] = [];
    for (const [index, spec] of CHECKS.entries()) results.push(await runCheck(rehearsal, index, spec, scrub));
    return await finish(options, results, print);
  } finally {
    if (started) {
      interruptCleanups.delete(started.stop);
      await started.stop();
    }
  }
}
