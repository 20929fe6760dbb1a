// `rehearse`: plays Altegio (the fake) and the user's browser against a vendor backend, and runs the
// five checks of Altegio's moderation. Everything it asserts is observed from outside the backend: what
// the browser got, and what the backend sent to the fake.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import type { FakeRequestRecord } from '../testing/index';
import { interruptCleanups, RunError } from './args';
import type { FakeHost, HostUser } from './fake-host';
import { redactText, showBody, showUrl } from './redact';

/** Outcome of one check. */
export interface CheckResult {
  /** 1-5. */
  number: number;
  title: string;
  outcome: 'passed' | 'failed';
  /** Transcript: what was sent and received, and each assertion (`✓`/`✗`). */
  lines: string[];
  /** Failed assertions: what was expected and what the fake saw. */
  failures: { expected: string; saw: string }[];
  /** The guide section that explains the check. */
  guide: string;
}

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

const GUIDE = 'docs/rehearse-moderation.md';

/** Check titles, in Altegio's words, with their guide anchors. */
export const CHECKS = [
  ["Correct connection to the client's location", 'check-1-connect-a-new-user'],
  ['Sending payment data', 'check-2-payment-data'],
  ['Sending payment refund data', 'check-3-refund-data'],
  ['Correct handling of disabling and reconnecting the integration', 'check-4-disable-then-reconnect'],
  ['Correct connection when the user is already registered', 'check-5-an-already-registered-user'],
] as const;

const L1 = 1001;
const L2 = 1002;

class CheckFailed extends Error {}

class Check {
  readonly lines: string[] = [];
  readonly failures: { expected: string; saw: string }[] = [];

  note(line: string): void {
    this.lines.push(line);
  }

  /** Records an assertion; a failed one is reported but later ones still run. */
  expect(condition: boolean, expected: string, saw: () => string): boolean {
    if (condition) {
      this.lines.push(`✓ ${expected}`);
      return true;
    }
    const seen = saw();
    this.lines.push(`✗ ${expected}`, `    the fake saw: ${seen}`);
    this.failures.push({ expected, saw: seen });
    return false;
  }

  /** Like `expect`, but stops the check: later steps make no sense without this one. */
  require(condition: boolean, expected: string, saw: () => string): void {
    if (!this.expect(condition, expected, saw)) throw new CheckFailed(expected);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function showRecord(record: FakeRequestRecord): string {
  const query =
    Object.keys(record.query).length > 0
      ? `?${new URLSearchParams(record.query as Record<string, string>)}`
      : '';
  return `${record.method} ${record.host} ${redactText(`${record.path}${query}`)} ${showBody(record.body, 160)} ← ${record.status || 'dropped'}`.replace(
    / {2,}/g,
    ' ',
  );
}

/** What the backend sent during a step, for a failure message. */
function sawDuring(host: FakeHost, since: number, filter?: (r: FakeRequestRecord) => boolean): string {
  const sent = host.fake.requests.slice(since).filter((r) => filter?.(r) ?? true);
  if (sent.length === 0) return filter ? 'no such request from the backend' : 'no request from the backend';
  return sent.map(showRecord).join('; ');
}

interface Visit {
  ok: boolean;
  status: number;
  summary: string;
  report: Record<string, unknown> | undefined;
}

/**
 * Opens a URL as a browser would: follows redirects on loopback (keeping cookies), stops at a redirect
 * back to Altegio (the fake) or to anywhere off this machine, which a real browser would then show.
 */
async function visit(host: FakeHost, check: Check, start: string): Promise<Visit> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    check.note(`browser → GET ${showUrl(url)}`);
    const seen = host.fake.requests.length;
    // What the backend sent to Altegio while it handled this page goes right under the visit.
    const sentMeanwhile = () => {
      for (const record of host.fake.requests.slice(seen))
        check.note(`  backend → Altegio ${showRecord(record)}`);
    };
    const target = new URL(url);
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let response: Response;
    try {
      response = await fetch(url, {
        redirect: 'manual',
        headers: { accept: 'text/html,application/xhtml+xml', ...(cookie ? { cookie } : {}) },
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      sentMeanwhile();
      check.note(`browser ← no answer (${reason})`);
      return {
        ok: false,
        status: 0,
        summary: `no answer from ${target.origin} (${reason})`,
        report: undefined,
      };
    }
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    host.record({
      from: 'browser',
      method: 'GET',
      path: showUrl(url),
      status: response.status,
      body: undefined,
    });
    sentMeanwhile();
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      check.note(
        `browser ← ${response.status} redirect to ${next.origin === target.origin ? '' : next.origin}${showUrl(next.href)}`,
      );
      const loopback =
        next.hostname === '127.0.0.1' || next.hostname === 'localhost' || next.hostname === '[::1]';
      if (next.origin === new URL(host.url).origin || !loopback) {
        const where = next.origin === new URL(host.url).origin ? 'back to Altegio' : `to ${next.origin}`;
        return {
          ok: true,
          status: response.status,
          summary: `${response.status} redirect ${where}`,
          report: undefined,
        };
      }
      url = next.href;
      continue;
    }
    const html = await response.text();
    const title =
      /<h1[^>]*>(.*?)<\/h1>/is.exec(html)?.[1] ??
      /<title>(.*?)<\/title>/is.exec(html)?.[1] ??
      html.slice(0, 80);
    const reportText = /<script type="application\/json" id="connect-report">(.*?)<\/script>/s.exec(
      html,
    )?.[1];
    let report: Record<string, unknown> | undefined;
    try {
      report = reportText
        ? (JSON.parse(
            reportText.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
          ) as Record<string, unknown>)
        : undefined;
    } catch {
      report = undefined;
    }
    const text = redactText(
      title
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    check.note(`browser ← ${response.status} "${text}"`);
    return { ok: response.ok, status: response.status, summary: `${response.status} "${text}"`, report };
  }
  return { ok: false, status: 0, summary: 'more than 10 redirects', report: undefined };
}

/** Runs a vendor hook (`--on-payment`, `--on-refund`) through the shell. */
async function runHook(check: Check, command: string, env: Record<string, string>): Promise<number> {
  check.note(`vendor hook → ${command}`);
  const child = spawn(command, {
    shell: true,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
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

/** A backend started with `--start`: the output it printed, and how to stop it. */
interface Started {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function startBackend(command: string, env: Record<string, string>): Started {
  const child = spawn(command, {
    shell: true,
    detached: true,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 40) output.splice(0, output.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
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
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
      if (!done) signal('SIGKILL');
    },
  };
}

/** Waits until the registration URL answers anything at all. */
async function reachable(url: string, ms: number, started?: Started): Promise<string | undefined> {
  const deadline = Date.now() + ms;
  let last = 'no answer';
  for (;;) {
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      return undefined;
    } catch (error) {
      last = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    }
    if (started && (started.child.exitCode !== null || started.child.signalCode !== null))
      return `the backend exited (${started.child.exitCode ?? started.child.signalCode})`;
    if (Date.now() > deadline) return last;
    await sleep(200);
  }
}

/** Formats one check for the terminal. */
export function formatCheck(check: CheckResult): string {
  const lines = [
    `${check.outcome === 'passed' ? '✓' : '✗'} ${check.number}. ${check.title}`,
    ...check.lines.map((line) => `    ${line}`),
  ];
  if (check.outcome === 'failed') lines.push(`    see ${GUIDE}#${check.guide.split('#')[1]}`);
  return lines.join('\n');
}

/**
 * Runs the five checks. Resolves to the report; a failed check does not throw.
 * @throws {RunError} when the backend cannot be started or reached.
 */
export async function rehearse(options: RehearseOptions): Promise<RehearsalReport> {
  const { host } = options;
  // Whatever a hook or a backend printed, the known secrets never reach the terminal or the report.
  const secrets = [host.env.ALTEGIO_PARTNER_TOKEN, host.env.ALTEGIO_USER_TOKEN, options.env?.ADMIN_TOKEN];
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of [...secrets, ...host.crmTokens()]) {
      if (secret !== undefined && secret.length >= 6) out = out.replaceAll(secret, '[REDACTED]');
    }
    return out;
  };
  const print = (text: string) => options.print(scrub(text));
  const { fake } = host;
  const backendOrigin = new URL(options.registrationUrl).origin;
  const hookEnv = { ...host.env, ALTEGIO_BACKEND_URL: backendOrigin, ALTEGIO_LOCATION_ID: String(L1) };
  host.checks = CHECKS.map(([title]) => ({ title, state: 'pending' }));
  host.changed();

  let started: Started | undefined;
  if (options.start !== undefined) {
    const port =
      new URL(options.registrationUrl).port || (options.registrationUrl.startsWith('https:') ? '443' : '80');
    print(`Starting the backend: ${options.start}  (PORT=${port}, ALTEGIO_* pointing at the fake)`);
    started = startBackend(options.start, { ...host.env, PORT: port });
    interruptCleanups.add(started.stop);
  }
  try {
    const problem = await reachable(
      options.registrationUrl,
      options.start ? options.timeout * 1000 : 1500,
      started,
    );
    if (problem !== undefined) {
      const tail =
        started && started.output.length > 0
          ? `\nIts last output:\n  ${started.output.slice(-10).map(redactText).join('\n  ')}`
          : '';
      throw new RunError(
        options.start
          ? `the backend started with --start did not answer at ${options.registrationUrl} within ${options.timeout} s: ${problem}. Does it listen on PORT and serve that path?${tail}`
          : `cannot reach the backend at ${options.registrationUrl} (${problem}). Start it with the env lines that \`altegio-marketplace fake --port ${new URL(host.url).port}\` prints, or pass --start "<command>".`,
      );
    }
    fake.callbackUrl = options.callbackUrl;
    const user: HostUser = host.newUser();
    const results: CheckResult[] = [];
    const run = async (index: number, body: (check: Check) => Promise<void>) => {
      const [title, anchor] = CHECKS[index] as (typeof CHECKS)[number];
      const entry = host.checks[index];
      if (entry) entry.state = 'running';
      host.changed();
      const check = new Check();
      try {
        await body(check);
      } catch (error) {
        if (!(error instanceof CheckFailed))
          check.expect(false, 'the check ran to its end', () =>
            error instanceof Error ? error.message : String(error),
          );
      }
      await fake.idle();
      const result: CheckResult = {
        number: index + 1,
        title,
        outcome: check.failures.length > 0 ? 'failed' : 'passed',
        lines: check.lines.map(scrub),
        failures: check.failures.map((f) => ({ expected: scrub(f.expected), saw: scrub(f.saw) })),
        guide: `${GUIDE}#${anchor}`,
      };
      results.push(result);
      if (entry) entry.state = result.outcome;
      host.changed();
      print(`${formatCheck(result)}\n`);
    };
    const activations = (locationId: number, since = 0) =>
      fake.requests
        .slice(since)
        .filter(
          (r) =>
            r.path.startsWith('/marketplace/partner/callback') &&
            typeof r.body === 'object' &&
            r.body !== null &&
            (r.body as { salon_id?: unknown }).salon_id === locationId,
        );
    const connected = async (check: Check, locationId: number, since: number, again = '') => {
      const active = await waitFor(() => fake.installation(locationId)?.status === 'active', 1500);
      check.expect(
        active,
        `location ${locationId} is active${again} in Altegio (the backend sent the activation callback)`,
        () =>
          `status ${fake.installation(locationId)?.status ?? 'unknown'}; activation requests: ${sawDuring(host, since, (r) => r.path.startsWith('/marketplace/partner/callback'))}`,
      );
    };
    const telephonyIs = async (check: Check, on: boolean, since: number, expected: string) => {
      const ok = await waitFor(() => fake.telephony(user.crmToken)?.enabled === on, 1500);
      check.expect(
        ok,
        expected,
        () =>
          `telephony is ${fake.telephony(user.crmToken)?.enabled ? 'on' : 'off'}; /voip/integration requests: ${sawDuring(host, since, (r) => r.path === '/voip/integration')}`,
      );
    };
    let paymentId: number | undefined;

    await run(0, async (check) => {
      check.note(
        `Altegio: user ${user.userId} clicks Connect for location ${L1} (chain ${user.chainId}) and grants access`,
      );
      const since = fake.requests.length;
      const page = await visit(host, check, await host.grant([L1], user));
      check.expect(
        page.ok,
        'the registration page ends in a 2xx page or a redirect back to Altegio',
        () => `the browser got ${page.summary}`,
      );
      await connected(check, L1, since);
      await telephonyIs(
        check,
        true,
        since,
        'telephony is enabled for the chain (setup/enable with its crm_token)',
      );
      const hooks = fake.installation(L1)?.webhookUrls.length ?? 0;
      check.note(
        hooks > 0
          ? `(entity webhook URLs registered at activation: ${hooks})`
          : '(no entity webhook URLs registered at activation)',
      );
    });

    const waitMoney = async (
      check: Check,
      what: string,
      hook: string | undefined,
      env: Record<string, string>,
      done: () => boolean,
    ) => {
      if (hook !== undefined) {
        const code = await runHook(check, hook, env);
        check.expect(code === 0, `the ${what} hook exits 0`, () => `exit code ${code}`);
      } else {
        const wait = `Waiting up to ${options.timeout} s: make your backend report the ${what} for location ${L1} now (or pass --on-${what} "<command>").`;
        print(wait);
        check.note(wait);
      }
      return waitFor(done, options.timeout * 1000);
    };

    await run(1, async (check) => {
      const before = fake.payments(L1).length;
      const since = fake.requests.length;
      const arrived = await waitMoney(
        check,
        'payment',
        options.onPayment,
        hookEnv,
        () => fake.payments(L1).length > before,
      );
      for (const record of fake.requests.slice(since)) check.note(`backend → Altegio ${showRecord(record)}`);
      check.require(
        arrived,
        `Altegio received a valid payment for location ${L1} within ${options.timeout} s`,
        () => sawDuring(host, since, (r) => r.path === '/marketplace/partner/payment'),
      );
      const payment = fake.payments(L1).at(-1);
      paymentId = payment?.id;
      check.expect(
        /^[A-Z]{3}$/.test(payment?.currencyIso ?? '') && (payment?.paymentSum ?? 0) > 0,
        'the amount and an ISO currency were sent',
        () => `${payment?.paymentSum} ${payment?.currencyIso}`,
      );
      check.expect(
        (payment?.periodTo ?? '') > (payment?.periodFrom ?? ''),
        'the paid period was sent (period_from before period_to)',
        () => `${payment?.periodFrom} → ${payment?.periodTo}`,
      );
      check.note(
        `Altegio holds payment ${payment?.id}: ${payment?.paymentSum} ${payment?.currencyIso}, ${payment?.periodFrom} → ${payment?.periodTo}`,
      );
    });

    await run(2, async (check) => {
      check.require(paymentId !== undefined, 'there is a payment to refund (check 2)', () => 'no payment');
      const since = fake.requests.length;
      const refunded = () => fake.payments(L1).some((p) => p.id === paymentId && p.isRefunded);
      const arrived = await waitMoney(
        check,
        'refund',
        options.onRefund,
        { ...hookEnv, ALTEGIO_PAYMENT_ID: String(paymentId) },
        refunded,
      );
      for (const record of fake.requests.slice(since)) check.note(`backend → Altegio ${showRecord(record)}`);
      check.expect(
        arrived,
        `Altegio shows payment ${paymentId} as refunded within ${options.timeout} s`,
        () => sawDuring(host, since, (r) => r.path.startsWith('/marketplace/partner/payment/refund')),
      );
    });

    await run(3, async (check) => {
      check.note(`Altegio: the user clicks Disconnect for location ${L1}`);
      const since = fake.requests.length;
      const delivery = await host.disconnect(L1);
      check.note(
        `Altegio → backend POST ${showUrl(options.callbackUrl)} {"event":"uninstall","salon_id":${L1}} ← ${delivery.status ?? delivery.error}`,
      );
      check.expect(
        delivery.status !== undefined && delivery.status >= 200 && delivery.status < 300,
        'the callback URL answers the signed uninstall webhook with 2xx',
        () =>
          delivery.status === undefined
            ? `no answer (${delivery.error ?? 'failed'})`
            : `HTTP ${delivery.status}`,
      );
      await telephonyIs(
        check,
        false,
        since,
        'the backend turned telephony off for the chain (setup/disable)',
      );

      check.note(`Altegio: the user connects location ${L1} again`);
      const again = fake.requests.length;
      const page = await visit(host, check, await host.grant([L1], user));
      check.expect(
        page.ok,
        'the registration page ends in a 2xx page or a redirect back to Altegio',
        () => `the browser got ${page.summary}`,
      );
      await connected(check, L1, again, ' again');
      await telephonyIs(check, true, again, 'telephony is enabled again');
    });

    await run(4, async (check) => {
      check.note(`Altegio: the same user connects another location ${L2} of the chain`);
      const since = fake.requests.length;
      const url = await host.grant([L2], user);
      const page = await visit(host, check, url);
      check.expect(
        page.ok,
        'the registration page ends in a 2xx page or a redirect back to Altegio',
        () => `the browser got ${page.summary}`,
      );
      await connected(check, L2, since);
      if (page.report && 'account' in page.report) {
        check.expect(
          page.report.account === 'existing',
          'the backend recognised the existing account (its connect report)',
          () => `it says ${String(page.report?.account)}`,
        );
      } else {
        check.note('(the page has no connect report: that the account was reused is up to you to confirm)');
      }
      check.note('The user opens the same link again (a reload, or a second click on Connect)');
      const before = fake.requests.length;
      const reload = await visit(host, check, url);
      check.expect(
        reload.ok,
        'the reloaded page still ends in a 2xx page or a redirect back to Altegio',
        () => `the browser got ${reload.summary}`,
      );
      check.expect(
        activations(L2, before).length === 0,
        `no second activation was sent for the active location ${L2}`,
        () => sawDuring(host, before, (r) => r.path.startsWith('/marketplace/partner/callback')),
      );
    });

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
  } finally {
    if (started) {
      interruptCleanups.delete(started.stop);
      await started.stop();
    }
  }
}
