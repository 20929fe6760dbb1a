// `npm run demo`: Altegio's five moderation checks, end to end, against the reference backend.
//
// With nothing configured it runs `altegio-marketplace rehearse` (the CLI, one code path for vendors
// and for this demo): a fake Altegio on 127.0.0.1 plays Altegio and the user's browser against the
// reference backend, which this file also starts (`--serve`) and bills (`--hook=charge|refund`).
// `--break=skipActivation` (any of BrokenSteps, comma-separated) breaks a backend step on purpose.
// With ALTEGIO_PARTNER_TOKEN and ALTEGIO_APPLICATION_ID set it talks to the real Altegio instead, and
// refuses the destructive steps (payment, refund, uninstall) unless run with --allow-destructive or
// ALTEGIO_DEMO_DESTRUCTIVE=1. `--fake` forces the fake.
//
// Exits 1 when a check fails.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAltegioClient } from 'altegio-marketplace';
import type { AccountView, BrokenSteps, ReferenceBackend, ReferenceBackendOptions } from './backend.ts';

type StartBackend = (options: ReferenceBackendOptions) => Promise<ReferenceBackend>;

/** One check of the moderation list. */
export interface CheckResult {
  title: string;
  outcome: 'passed' | 'failed' | 'skipped';
  /** What was sent and received, and each assertion (`✓`/`✗`). */
  lines: string[];
}

class CheckFailed extends Error {}

/** Loads ./backend.ts at run time (Node's type stripping needs the extension, tsc's config does not allow it). */
async function defaultStartBackend(): Promise<StartBackend> {
  const file = './backend.ts';
  const module = (await import(file)) as { startReferenceBackend: StartBackend };
  return module.startReferenceBackend;
}

// ------------------------------------------------------------------ transcript helpers

const SECRET_PARAMS = /([?&](?:crm_token|user_data|user_data_sign)=)[^&]*/g;

function showUrl(url: string): string {
  const { pathname, search } = new URL(url);
  return `${pathname}${search.replace(SECRET_PARAMS, '$1…')}`;
}

function showBody(body: unknown): string {
  if (body === undefined) return '';
  const text = JSON.stringify(body).replace(/altegio_token=[0-9a-f]+/g, 'altegio_token=…');
  return ` ${text.length > 240 ? `${text.slice(0, 237)}...` : text}`;
}

class Check {
  readonly lines: string[] = [];
  failed = false;

  note(line: string): void {
    this.lines.push(line);
  }

  /** Records an assertion; a failed one is reported but later ones still run. */
  expect(condition: boolean, description: string, detail?: string): boolean {
    this.lines.push(
      `${condition ? '✓' : '✗'} ${description}${condition || detail === undefined ? '' : ` — ${detail}`}`,
    );
    if (!condition) this.failed = true;
    return condition;
  }

  /** Like `expect`, but stops the check: later steps make no sense without this one. */
  require(condition: boolean, description: string, detail?: string): void {
    if (!this.expect(condition, description, detail)) throw new CheckFailed(description);
  }
}

async function browse(
  check: Check,
  url: string,
): Promise<{ status: number; title: string; report: Record<string, unknown> | undefined }> {
  check.note(`browser → GET ${showUrl(url)}`);
  const response = await fetch(url);
  const html = await response.text();
  const title = /<h1>(.*?)<\/h1>/s.exec(html)?.[1] ?? '';
  const reportText = /<script type="application\/json" id="connect-report">(.*?)<\/script>/s.exec(html)?.[1];
  const report = reportText
    ? (JSON.parse(
        reportText.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
      ) as Record<string, unknown>)
    : undefined;
  check.note(`browser ← ${response.status} "${title}"`);
  return { status: response.status, title, report };
}

async function post(
  check: Check,
  backend: ReferenceBackend,
  path: string,
  body: unknown,
  label = 'vendor',
): Promise<{ status: number; json: Record<string, unknown> }> {
  check.note(`${label} → backend  POST ${path}${showBody(body)}`);
  const response = await fetch(`${backend.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  check.note(`${label} ← backend  ${response.status}${showBody(json)}`);
  return { status: response.status, json };
}

// ------------------------------------------------------------------ against the real Altegio

/** Options of {@link runAgainstAltegio}. */
export interface RealRunOptions {
  env: Readonly<Record<string, string | undefined>>;
  allowDestructive: boolean;
  startBackend?: StartBackend | undefined;
  /** Receives each finished check. */
  onCheck?: ((check: CheckResult, index: number) => void) | undefined;
}

/**
 * Runs what can be run against a real Altegio: the connect checks from a real registration redirect
 * (`ALTEGIO_DEMO_REDIRECT_URL`, the URL Altegio sent your browser to), and — only when allowed — the
 * payment, refund and uninstall steps, which create real billing records.
 */
export async function runAgainstAltegio(
  options: RealRunOptions,
): Promise<{ ok: boolean; checks: CheckResult[] }> {
  const { env } = options;
  const partnerToken = env.ALTEGIO_PARTNER_TOKEN ?? '';
  const applicationId = Number(env.ALTEGIO_APPLICATION_ID);
  const altegio = createAltegioClient({ env });
  const startBackend = options.startBackend ?? (await defaultStartBackend());
  const backend = await startBackend({ partnerToken, applicationId, userToken: env.ALTEGIO_USER_TOKEN, env });
  const results: CheckResult[] = [];
  const finish = (title: string, check: Check, skipped = false) => {
    const result: CheckResult = {
      title,
      outcome: skipped ? 'skipped' : check.failed ? 'failed' : 'passed',
      lines: check.lines,
    };
    results.push(result);
    options.onCheck?.(result, results.length - 1);
  };
  const redirect = env.ALTEGIO_DEMO_REDIRECT_URL;
  let locationId: number | undefined;
  let localPaymentId: string | undefined;
  const destructiveNote =
    'skipped: destructive against the real Altegio; run with --allow-destructive (or ALTEGIO_DEMO_DESTRUCTIVE=1) on a test location';

  try {
    const connect = new Check();
    if (redirect === undefined) {
      connect.note(
        'skipped: set ALTEGIO_DEMO_REDIRECT_URL to the registration redirect URL Altegio sent after you clicked Connect',
      );
      finish("Correct connection to the client's location", connect, true);
    } else {
      const query = new URL(redirect).search;
      const page = await browse(connect, `${backend.registrationUrl}${query}`).catch((error: unknown) => {
        connect.expect(false, 'the registration page answered', String(error));
        return undefined;
      });
      connect.expect(page?.status === 200, 'the registration page answers 200', `got ${page?.status}`);
      const ids = ((page?.report?.locations as { locationId: number }[] | undefined) ?? []).map(
        (l) => l.locationId,
      );
      locationId = ids[0];
      for (const id of ids) {
        const installation = await altegio.marketplace.getInstallation(id);
        connect.expect(
          installation?.status === 'active',
          `location ${id} is active in Altegio`,
          `status is ${installation?.status ?? 'not installed'}`,
        );
      }
      finish("Correct connection to the client's location", connect);
    }

    const payment = new Check();
    if (!options.allowDestructive || locationId === undefined) {
      payment.note(
        locationId === undefined ? 'skipped: needs a connected location (check 1)' : destructiveNote,
      );
      finish('Sending payment data', payment, true);
    } else {
      const answer = await post(payment, backend, '/billing/charge', { locationId });
      localPaymentId = typeof answer.json.localId === 'string' ? answer.json.localId : undefined;
      const listed = (await altegio.marketplace.getInstallation(locationId))?.payments ?? [];
      payment.expect(
        listed.some((p) => p.id === answer.json.paymentId),
        `Altegio lists payment ${String(answer.json.paymentId)}`,
      );
      finish('Sending payment data', payment);
    }

    const refund = new Check();
    if (!options.allowDestructive || localPaymentId === undefined || locationId === undefined) {
      refund.note(options.allowDestructive ? 'skipped: needs the payment of check 2' : destructiveNote);
      finish('Sending payment refund data', refund, true);
    } else {
      const answer = await post(refund, backend, '/billing/refund', { localId: localPaymentId });
      const listed = (await altegio.marketplace.getInstallation(locationId))?.payments ?? [];
      refund.expect(
        listed.some((p) => p.id === answer.json.paymentId && p.isRefunded),
        'Altegio shows the payment as refunded',
      );
      finish('Sending payment refund data', refund);
    }

    const disable = new Check();
    disable.note(
      options.allowDestructive
        ? 'manual: click Disconnect in Altegio, check your callback turns telephony off, then connect again and rerun with the new ALTEGIO_DEMO_REDIRECT_URL'
        : destructiveNote,
    );
    finish('Correct handling of disabling and reconnecting the integration', disable, true);

    const again = new Check();
    if (redirect === undefined) {
      again.note('skipped: needs ALTEGIO_DEMO_REDIRECT_URL');
      finish('Correct connection when the user is already registered', again, true);
    } else {
      const page = await browse(again, `${backend.registrationUrl}${new URL(redirect).search}`);
      again.expect(
        page.status === 200,
        'the registration page answers 200 on a second visit',
        `got ${page.status}`,
      );
      again.expect(
        page.report?.account === 'existing',
        'the backend recognised the existing account',
        `it says ${String(page.report?.account)}: a reload of an active location proves nothing without user_data, so turn on "Transmit user data" in the app settings`,
      );
      finish('Correct connection when the user is already registered', again);
    }
  } finally {
    await backend.close();
  }
  return { ok: results.every((r) => r.outcome !== 'failed'), checks: results };
}

// ------------------------------------------------------------------ against the fake: `rehearse`

const self = fileURLToPath(import.meta.url);
const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const quote = (path: string) => `"${path.replace(/(["\\$`])/g, '\\$1')}"`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs `altegio-marketplace rehearse` against the reference backend: the CLI starts the backend
 * (`demo.ts --serve`, pointed at its fake) and bills it through `demo.ts --hook=…`.
 */
async function rehearse(argv: readonly string[]): Promise<number> {
  const breaks = argv.find((arg) => arg.startsWith('--break='))?.slice('--break='.length) ?? '';
  const port = await freePort();
  const node = quote(process.execPath);
  const args = [
    bin,
    'rehearse',
    '--registration-url',
    `http://127.0.0.1:${port}/altegio/register`,
    '--callback-url',
    `http://127.0.0.1:${port}/altegio/callback`,
    '--start',
    `${node} ${quote(self)} --serve`,
    '--on-payment',
    `${node} ${quote(self)} --hook=charge`,
    '--on-refund',
    `${node} ${quote(self)} --hook=refund`,
    '--timeout',
    '5',
  ];
  if (breaks !== '') console.log(`(the reference backend is broken on purpose: ${breaks})`);
  const child = spawn(process.execPath, args, {
    stdio: 'inherit',
    env: { ...process.env, ALTEGIO_DEMO_BREAK: breaks, ADMIN_TOKEN: crypto.randomUUID() },
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

/** `--serve`: the reference backend, configured by the env `rehearse --start` passes. */
async function serve(env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const startBackend = await defaultStartBackend();
  const broken: BrokenSteps = Object.fromEntries(
    (env.ALTEGIO_DEMO_BREAK ?? '')
      .split(',')
      .filter(Boolean)
      .map((name) => [name, true]),
  );
  const backend = await startBackend({
    partnerToken: env.ALTEGIO_PARTNER_TOKEN ?? '',
    applicationId: Number(env.ALTEGIO_APPLICATION_ID),
    userToken: env.ALTEGIO_USER_TOKEN,
    adminToken: env.ADMIN_TOKEN,
    port: Number(env.PORT ?? 0),
    broken,
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await backend.close();
  return 0;
}

/** `--hook=charge|refund`: bills location $ALTEGIO_LOCATION_ID, or refunds payment $ALTEGIO_PAYMENT_ID. */
async function billingHook(what: string, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const base = env.ALTEGIO_BACKEND_URL;
  const headers = { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' };
  let body: unknown = { locationId: Number(env.ALTEGIO_LOCATION_ID) };
  if (what === 'refund') {
    const accounts = (await (await fetch(`${base}/admin/accounts`, { headers })).json()) as AccountView[];
    const payment = accounts
      .flatMap((account) => account.payments)
      .find((p) => String(p.paymentId) === env.ALTEGIO_PAYMENT_ID);
    body = { localId: payment?.localId };
  }
  const response = await fetch(`${base}/billing/${what}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  console.log(`POST /billing/${what} ${response.status} ${await response.text()}`);
  return response.ok ? 0 : 1;
}

// ------------------------------------------------------------------ CLI

/** Formats one check for the terminal. */
export function formatCheck(check: CheckResult, index: number): string {
  const mark = check.outcome === 'passed' ? '✓' : check.outcome === 'failed' ? '✗' : '–';
  return [
    `${mark} ${index + 1}. ${check.title}${check.outcome === 'skipped' ? ' (skipped)' : ''}`,
    ...check.lines.map((line) => `    ${line}`),
  ].join('\n');
}

/** The CLI: returns the exit code. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const print = (check: CheckResult, index: number) => console.log(`${formatCheck(check, index)}\n`);
  const real = Boolean(env.ALTEGIO_PARTNER_TOKEN) && !argv.includes('--fake');
  let result: { ok: boolean; checks: CheckResult[] };
  if (argv.includes('--serve')) return serve(env);
  const hook = argv.find((arg) => arg.startsWith('--hook='))?.slice('--hook='.length);
  if (hook !== undefined) return billingHook(hook, env);
  if (real) {
    const allowDestructive = argv.includes('--allow-destructive') || env.ALTEGIO_DEMO_DESTRUCTIVE === '1';
    console.log(
      `Altegio moderation checks against ${env.ALTEGIO_APP_BASE_URL ?? 'the real Altegio'} (credentials from the environment)` +
        `${allowDestructive ? ', destructive steps ALLOWED' : ', destructive steps refused'}\n`,
    );
    result = await runAgainstAltegio({ env, allowDestructive, onCheck: print });
  } else {
    return rehearse(argv);
  }
  const count = (outcome: CheckResult['outcome']) =>
    result.checks.filter((c) => c.outcome === outcome).length;
  console.log(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
  return result.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
