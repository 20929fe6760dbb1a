// `npm run demo`: Altegio's five moderation checks, end to end, against the reference backend.
//
// With nothing configured it starts a fake Altegio and the reference backend on 127.0.0.1 and plays
// both Altegio and the user's browser. With ALTEGIO_PARTNER_TOKEN and ALTEGIO_APPLICATION_ID set it talks
// to the real Altegio instead, and refuses the destructive steps (payment, refund, uninstall) unless run
// with --allow-destructive or ALTEGIO_DEMO_DESTRUCTIVE=1. `--fake` forces the fake; with the fake,
// `--break=skipActivation` (any of BrokenSteps, comma-separated) breaks a backend step on purpose.
//
// Exits 1 when a check fails.
import { pathToFileURL } from 'node:url';
import { createAltegioClient } from 'altegio-marketplace';
import { createFakeAltegio, type FakeAltegio, type FakeRequestRecord } from 'altegio-marketplace/testing';
import type { AccountView, BrokenSteps, ReferenceBackend, ReferenceBackendOptions } from './backend.ts';

type StartBackend = (options: ReferenceBackendOptions) => Promise<ReferenceBackend>;

/** One check of the moderation list. */
export interface CheckResult {
  title: string;
  outcome: 'passed' | 'failed' | 'skipped';
  /** What was sent and received, and each assertion (`✓`/`✗`). */
  lines: string[];
}

/** Options of {@link runModerationChecks}. */
export interface RunOptions {
  /** Break steps of the reference backend (to prove that a check catches it). */
  broken?: BrokenSteps | undefined;
  /** Starts the backend; defaults to the reference backend beside this file. */
  startBackend?: StartBackend | undefined;
  /** Receives each finished check (the CLI prints it). */
  onCheck?: ((check: CheckResult, index: number) => void) | undefined;
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

function showRequest(record: FakeRequestRecord): string {
  const query =
    Object.keys(record.query).length > 0
      ? `?${new URLSearchParams(record.query as Record<string, string>)}`
      : '';
  return `backend → Altegio  ${record.method.padEnd(4)} ${record.host} ${record.path}${query}${showBody(record.body)}  ← ${record.status}`;
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

// Keeps transcript order readable: Altegio-side requests are listed after the step that caused them.
async function phase(check: Check, fake: FakeAltegio | undefined, run: () => Promise<void>): Promise<void> {
  const before = check.lines.length;
  const seen = fake?.requests.length ?? 0;
  try {
    await run();
  } finally {
    await fake?.idle();
    const sent = (fake?.requests.slice(seen) ?? []).map(showRequest);
    // Put Altegio traffic right after the first line of the phase (the browser/vendor request that caused it).
    check.lines.splice(before + 1, 0, ...sent);
  }
}

const accountsOf = async (backend: ReferenceBackend): Promise<AccountView[]> => backend.accounts();

// ------------------------------------------------------------------ the five checks against the fake

const L1 = 1001;
const L2 = 1002;
const CHAIN = 77;

/**
 * Starts a fake Altegio and the reference backend on 127.0.0.1 and runs Altegio's five moderation
 * checks. Resolves to the results; never throws for a failing check.
 */
export async function runModerationChecks(
  options: RunOptions = {},
): Promise<{ ok: boolean; checks: CheckResult[] }> {
  const partnerToken = `demo-partner-${crypto.randomUUID()}`;
  const userToken = `demo-user-${crypto.randomUUID()}`;
  const crmToken = crypto.randomUUID();
  const applicationId = 4242;
  const user = { userId: 501, name: 'Ann Lee', email: 'ann@example.com', phone: '15550100' };

  const fake = createFakeAltegio({ partnerToken, applicationId, userToken });
  const server = await fake.listen();
  const startBackend = options.startBackend ?? (await defaultStartBackend());
  const backend = await startBackend({
    partnerToken,
    applicationId,
    userToken,
    platform: server.platform,
    broken: options.broken,
    env: {},
  });
  fake.callbackUrl = backend.callbackUrl;

  const results: CheckResult[] = [];
  const run = async (title: string, body: (check: Check) => Promise<void>) => {
    const check = new Check();
    try {
      await body(check);
    } catch (error) {
      if (!(error instanceof CheckFailed))
        check.expect(false, 'ran without crashing', error instanceof Error ? error.message : String(error));
    }
    const result: CheckResult = { title, outcome: check.failed ? 'failed' : 'passed', lines: check.lines };
    results.push(result);
    options.onCheck?.(result, results.length - 1);
  };
  const grant = (locationIds: number[]) =>
    fake.grantAccess({
      registrationUrl: backend.registrationUrl,
      locationIds,
      chainId: CHAIN,
      crmToken,
      user,
    });

  let localPaymentId: string | undefined;

  try {
    await run("Correct connection to the client's location", async (check) => {
      check.note(
        `Altegio: user ${user.userId} clicks Connect for location ${L1} (chain ${CHAIN}) and grants access`,
      );
      const url = await grant([L1]);
      let page = { status: 0, title: '' };
      await phase(check, fake, async () => {
        page = await browse(check, url);
      });
      check.expect(page.status === 200, 'the registration page answers 200', `got ${page.status}`);
      const installation = fake.installation(L1);
      check.expect(
        installation?.status === 'active',
        `location ${L1} is active in Altegio (partner callback sent at once)`,
        `status is ${installation?.status}`,
      );
      check.expect(
        (installation?.webhookUrls.length ?? 0) > 0,
        'entity webhook URLs were registered at activation',
      );
      check.expect(
        fake.telephony(crmToken)?.enabled === true,
        'telephony is enabled for the chain (setup/enable)',
      );

      const account = (await accountsOf(backend))[0];
      check.require(account !== undefined, 'the backend opened an account for the user');
      const callId = `pbx-${Date.now()}`;
      const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
      await phase(check, fake, async () => {
        await post(
          check,
          backend,
          '/pbx/events',
          {
            event: 'ring',
            callId,
            accountId: account?.id,
            from: '+13155550175',
            to: '+13155550176',
            extension: '101',
            at: at(0),
          },
          'PBX',
        );
      });
      await phase(check, fake, async () => {
        await post(check, backend, '/pbx/events', { event: 'answer', callId, at: at(4) }, 'PBX');
      });
      await phase(check, fake, async () => {
        await post(check, backend, '/pbx/events', { event: 'hangup', callId, at: at(94) }, 'PBX');
      });
      const commands = fake.telephony(crmToken)?.commands ?? [];
      check.expect(
        commands.some((c) => c.command === 'event' && c.processed),
        'the ringing call reached Altegio (event)',
      );
      check.expect(
        fake
          .telephony(crmToken)
          ?.calls.some((c) => c.call_id === callId && c.status === 'success' && c.duration === 90) === true,
        'the answered 90-second call is in the chain call history (history)',
      );
    });

    await run('Sending payment data', async (check) => {
      let answer = { status: 0, json: {} as Record<string, unknown> };
      await phase(check, fake, async () => {
        answer = await post(check, backend, '/billing/charge', { locationId: L1 });
      });
      localPaymentId = typeof answer.json.localId === 'string' ? answer.json.localId : undefined;
      const payments = fake.payments(L1);
      check.require(
        payments.length === 1,
        'Altegio received exactly one payment for the location',
        `it holds ${payments.length}`,
      );
      const [payment] = payments;
      check.expect(
        payment?.id === answer.json.paymentId,
        `the backend kept Altegio's payment id (${payment?.id}) for refunds`,
        `backend has ${String(answer.json.paymentId)}`,
      );
      check.expect(
        /^[A-Z]{3}$/.test(payment?.currencyIso ?? '') && (payment?.paymentSum ?? 0) > 0,
        `amount and currency were sent (${payment?.paymentSum} ${payment?.currencyIso})`,
      );
      check.expect(
        (payment?.periodTo ?? '') > (payment?.periodFrom ?? ''),
        `the paid period was sent (${payment?.periodFrom} → ${payment?.periodTo})`,
      );
    });

    await run('Sending payment refund data', async (check) => {
      check.require(localPaymentId !== undefined, 'there is a payment to refund');
      await phase(check, fake, async () => {
        await post(check, backend, '/billing/refund', { localId: localPaymentId });
      });
      const payment = fake.payments(L1)[0];
      check.expect(
        payment?.isRefunded === true,
        `Altegio shows payment ${payment?.id} as refunded`,
        'is_refunded is false',
      );
    });

    await run('Correct handling of disabling and reconnecting the integration', async (check) => {
      check.note(`Altegio: the user clicks Disconnect for location ${L1}`);
      let delivery: Awaited<ReturnType<FakeAltegio['disconnect']>> | undefined;
      await phase(check, fake, async () => {
        delivery = await fake.disconnect(L1);
        check.note(
          `Altegio → backend  POST /altegio/callback {"event":"uninstall","salon_id":${L1}}  ← ${delivery.status ?? delivery.error}`,
        );
      });
      check.expect(
        delivery?.status !== undefined && delivery.status >= 200 && delivery.status < 300,
        'the lifecycle callback answered 2xx',
      );
      check.expect(
        fake.telephony(crmToken)?.enabled === false,
        'the backend turned telephony off for the chain (setup/disable)',
      );

      check.note(`Altegio: the user connects location ${L1} again`);
      const url = await grant([L1]);
      let page = { status: 0, title: '' };
      await phase(check, fake, async () => {
        page = await browse(check, url);
      });
      check.expect(page.status === 200, 'the registration page answers 200', `got ${page.status}`);
      check.expect(
        fake.installation(L1)?.status === 'active',
        `location ${L1} is active again`,
        `status is ${fake.installation(L1)?.status}`,
      );
      check.expect(fake.telephony(crmToken)?.enabled === true, 'telephony is enabled again');
      check.expect((await accountsOf(backend)).length === 1, 'the same vendor account was reused');
    });

    await run('Correct connection when the user is already registered', async (check) => {
      check.note(
        `Altegio: the same user connects another location ${L2} of the chain (user_data {"id": ${user.userId}, …}, as Altegio's back end sends it)`,
      );
      const url = await grant([L2]);
      let page: { status: number; title: string; report?: Record<string, unknown> | undefined } = {
        status: 0,
        title: '',
      };
      await phase(check, fake, async () => {
        page = await browse(check, url);
      });
      check.expect(page.status === 200, 'the registration page answers 200', `got ${page.status}`);
      check.expect(
        page.report?.account === 'existing',
        'the backend recognised the existing account',
        `it says ${String(page.report?.account)}`,
      );
      check.expect((await accountsOf(backend)).length === 1, 'no second account was opened');
      const outcomeOf = (report: Record<string, unknown> | undefined) =>
        (report?.locations as { locationId: number; outcome: string }[] | undefined)?.find(
          (l) => l.locationId === L2,
        )?.outcome;
      check.expect(
        outcomeOf(page.report) === 'activated',
        `connect reports location ${L2} as activated`,
        `it says ${String(outcomeOf(page.report))}`,
      );
      check.expect(
        fake.installation(L2)?.status === 'active',
        `location ${L2} is active in Altegio`,
        `status is ${fake.installation(L2)?.status}`,
      );

      check.note('The user opens the same link again (a reload, or a second click on Connect)');
      const callbacks = fake.requests.filter((r) => r.path === '/marketplace/partner/callback').length;
      await phase(check, fake, async () => {
        page = await browse(check, url);
      });
      check.expect(page.status === 200, 'the page still answers 200', `got ${page.status}`);
      check.expect(
        outcomeOf(page.report) === 'already-active',
        `connect reports location ${L2} as already-active`,
        `it says ${String(outcomeOf(page.report))}`,
      );
      check.expect(
        fake.requests.filter((r) => r.path === '/marketplace/partner/callback').length === callbacks,
        'no second activation was sent for an active location',
      );
    });
  } finally {
    await backend.close();
    await server.close();
  }
  return { ok: results.every((r) => r.outcome !== 'failed'), checks: results };
}

// ------------------------------------------------------------------ against the real Altegio

/** Options of {@link runAgainstAltegio}. */
export interface RealRunOptions {
  env: Readonly<Record<string, string | undefined>>;
  allowDestructive: boolean;
  startBackend?: StartBackend | undefined;
  onCheck?: RunOptions['onCheck'];
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
  if (real) {
    const allowDestructive = argv.includes('--allow-destructive') || env.ALTEGIO_DEMO_DESTRUCTIVE === '1';
    console.log(
      `Altegio moderation checks against ${env.ALTEGIO_APP_BASE_URL ?? 'the real Altegio'} (credentials from the environment)` +
        `${allowDestructive ? ', destructive steps ALLOWED' : ', destructive steps refused'}\n`,
    );
    result = await runAgainstAltegio({ env, allowDestructive, onCheck: print });
  } else {
    // --break=skipActivation,ignoreUninstall breaks backend steps on purpose, to see a check fail.
    const breaks =
      argv
        .find((arg) => arg.startsWith('--break='))
        ?.slice('--break='.length)
        .split(',') ?? [];
    const broken: BrokenSteps = Object.fromEntries(breaks.filter(Boolean).map((name) => [name, true]));
    console.log(
      `Altegio moderation checks against a fake Altegio and the reference backend, both on 127.0.0.1${breaks.length > 0 ? ` (broken on purpose: ${breaks.join(', ')})` : ''}\n`,
    );
    result = await runModerationChecks({ onCheck: print, broken });
  }
  const count = (outcome: CheckResult['outcome']) =>
    result.checks.filter((c) => c.outcome === outcome).length;
  console.log(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
  return result.ok ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
