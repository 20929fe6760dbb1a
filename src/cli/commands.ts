// The four commands. Each parses its own options with node:util parseArgs and returns an exit code:
// 0 passed, 1 failed; usage errors are thrown as UsageError (exit 2) and caught in main.
import { createLifecycleBody, createPaymentBody, buildConnectRedirectUrl } from '../testing/index';
import {
  httpUrl,
  noPositionals,
  parse,
  port,
  positiveInt,
  RunError,
  required,
  seconds,
  UsageError,
} from './args';
import { type FakeHost, startFakeHost } from './fake-host';
import { rehearse } from './rehearse';
import { redactText } from './redact';

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

/** `--help` text of the CLI (`main`) and of each command. */
export const HELP: Record<string, string> = {
  main: `Usage: altegio-marketplace <command> [options]

Rehearse Altegio Marketplace moderation against your own backend, on 127.0.0.1.

Commands:
  fake       start a stateful fake Altegio and its console, and print the env for your backend
  trigger    send one signed lifecycle webhook (uninstall, freeze, payment) to your callback URL
  redirect   print a signed registration redirect URL, as Altegio sends it
  rehearse   run Altegio's five moderation checks against your backend

Run \`altegio-marketplace <command> --help\` for its options.
Exit codes: 0 passed, 1 failed, 2 bad usage.
Guide: docs/rehearse-moderation.md`,
  fake: `Usage: altegio-marketplace fake [options]

Starts the fake Altegio on 127.0.0.1 with a console page, prints the env lines that point an
unchanged backend at it, and runs until Ctrl-C.

Options:
  --port N                port on 127.0.0.1 (default: a free one)
  --partner-token T       partner token the fake accepts (default: $ALTEGIO_PARTNER_TOKEN, or a new one)
  --application-id N      application id (default: $ALTEGIO_APPLICATION_ID, or 4242)
  --callback-url URL      your "Callback url": lifecycle webhooks go here
  --registration-url URL  your "Registration redirect url": the console's Connect opens it
  -h, --help              show this help`,
  trigger: `Usage: altegio-marketplace trigger uninstall|freeze|payment --to URL --location N [options]

Sends one lifecycle webhook, formed as Altegio sends it (payments signed with the partner token),
and prints the status and body of the answer. Exits 0 on a 2xx answer, 1 otherwise.

Options:
  --to URL                your callback URL
  --location N            the location (salon_id)
  --amount X              payment amount (default: 100)
  --partner-token T       your partner token (default: $ALTEGIO_PARTNER_TOKEN)
  --application-id N      your application id (default: $ALTEGIO_APPLICATION_ID)
  -h, --help              show this help`,
  redirect: `Usage: altegio-marketplace redirect --registration-url URL --location N [options]

Prints a registration redirect URL in the form Altegio sends the browser to after Connect, with
user_data signed by the partner token.

Options:
  --registration-url URL  your "Registration redirect url"
  --location N            a location (salon_ids[]); repeat for several
  --chain N               the chain (salon_group_id); a crm_token is generated with it
  --user JSON             the Altegio user, e.g. '{"user_id":501,"name":"Ann Lee"}'
  --partner-token T       your partner token (default: $ALTEGIO_PARTNER_TOKEN)
  -h, --help              show this help`,
  rehearse: `Usage: altegio-marketplace rehearse --registration-url URL --callback-url URL [options]

Starts the fake Altegio and runs Altegio's five moderation checks against your backend:
  1. connect a new user            2. payment data            3. refund data
  4. disable then reconnect        5. connect a user who is already registered
It plays the browser (following redirects) and watches what your backend sends to the fake.
The console shows the checks live at the printed address. Exits 0 when all pass, 1 otherwise.

Options:
  --registration-url URL  your "Registration redirect url"
  --callback-url URL      your "Callback url" (lifecycle webhooks)
  --start CMD             start the backend with this shell command, with the env pointing at the
                          fake and PORT set to the registration URL's port; stopped at the end
  --port N                the fake's port (default: a free one). Without --start, use the port
                          your backend was pointed at with \`fake --port N\`
  --on-payment CMD        command that makes the backend bill location $ALTEGIO_LOCATION_ID
                          (default: wait for you to do it by hand)
  --on-refund CMD         command that refunds payment $ALTEGIO_PAYMENT_ID (default: wait)
  --timeout S             seconds to wait for the backend, a payment, a refund (default: 60)
  --json FILE             also write a machine-readable report
  --partner-token T       (default: $ALTEGIO_PARTNER_TOKEN; with --start, a new one)
  --application-id N      (default: $ALTEGIO_APPLICATION_ID, or 4242)
  -h, --help              show this help`,
};

const help = { type: 'boolean', short: 'h' } as const;

function usage(io: Io, command: string): number {
  io.out(HELP[command] ?? '');
  return 0;
}
const str = { type: 'string' } as const;

function credentials(
  values: { 'partner-token'?: string | undefined; 'application-id'?: string | undefined },
  env: Io['env'],
  generate: boolean,
): { partnerToken: string | undefined; applicationId: number | undefined } {
  const partnerToken =
    values['partner-token'] ??
    (env.ALTEGIO_PARTNER_TOKEN || (generate ? `fake-partner-${crypto.randomUUID()}` : undefined));
  if (partnerToken === '') throw new UsageError('--partner-token must not be empty.');
  const applicationId =
    positiveInt(values['application-id'], '--application-id') ??
    positiveInt(env.ALTEGIO_APPLICATION_ID || undefined, 'ALTEGIO_APPLICATION_ID');
  return { partnerToken, applicationId };
}

function printEnv(io: Io, host: FakeHost, generated: boolean): void {
  io.out(`Fake Altegio on ${host.url}`);
  io.out(`Console: ${host.consoleUrl}`);
  io.out('');
  io.out(
    `Start your backend with this environment${generated ? ' (the partner token is new: pass --partner-token to keep one)' : ''}:`,
  );
  for (const [name, value] of Object.entries(host.env)) io.out(`${name}=${value}`);
  io.out('');
}

/** `fake`: runs until Ctrl-C. */
export async function fakeCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse('fake', argv, {
    help,
    port: str,
    'partner-token': str,
    'application-id': str,
    'callback-url': str,
    'registration-url': str,
  });
  if (values.help) return usage(io, 'fake');
  noPositionals('fake', positionals);
  const fakePort = port(values.port) ?? 0;
  const callbackUrl = httpUrl(values['callback-url'], '--callback-url');
  const registrationUrl = httpUrl(values['registration-url'], '--registration-url');
  const generated = values['partner-token'] === undefined && !io.env.ALTEGIO_PARTNER_TOKEN;
  const { partnerToken, applicationId } = credentials(values, io.env, true);
  const host = await startFakeHost({
    port: fakePort,
    partnerToken: partnerToken as string,
    applicationId: applicationId ?? 4242,
    userToken: io.env.ALTEGIO_USER_TOKEN || 'fake-user-token',
    callbackUrl,
    registrationUrl,
  });
  printEnv(io, host, generated);
  io.out(
    registrationUrl
      ? `Open the console and press Connect: it opens ${registrationUrl} with a signed redirect.`
      : 'Open the console, type your registration redirect URL and press Connect.',
  );
  if (!callbackUrl) io.out('No --callback-url: Disconnect and Freeze change the state but send no webhook.');
  io.out('Press Ctrl-C to stop.');
  await io.stopped;
  await host.close();
  return 0;
}

/** `trigger`: one lifecycle webhook. */
export async function triggerCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse('trigger', argv, {
    help,
    to: str,
    location: str,
    amount: str,
    'partner-token': str,
    'application-id': str,
  });
  if (values.help) return usage(io, 'trigger');
  const [event, ...rest] = positionals;
  if (event !== 'uninstall' && event !== 'freeze' && event !== 'payment')
    throw new UsageError(
      event === undefined
        ? 'trigger: which event? Use `trigger uninstall|freeze|payment --to URL --location N`.'
        : `trigger: unknown event "${event}"; use uninstall, freeze or payment.`,
    );
  noPositionals('trigger', rest);
  const to = required(httpUrl(values.to, '--to'), 'trigger: --to URL (your callback URL) is required.');
  const locationId = required(
    positiveInt(values.location, '--location'),
    'trigger: --location N is required.',
  );
  const { partnerToken, applicationId } = credentials(values, io.env, false);
  if (partnerToken === undefined)
    throw new UsageError(
      'trigger: pass --partner-token or set ALTEGIO_PARTNER_TOKEN: the webhook must carry your partner token.',
    );
  if (applicationId === undefined)
    throw new UsageError('trigger: pass --application-id or set ALTEGIO_APPLICATION_ID.');
  if (values.amount !== undefined && event !== 'payment')
    throw new UsageError('trigger: --amount is for payment only.');
  const amount = values.amount ?? '100';
  if (!/^\d+(\.\d+)?$/.test(amount) || Number(amount) <= 0)
    throw new UsageError(`--amount must be a positive number such as 100 or 19.90, got "${amount}".`);
  const body =
    event === 'payment'
      ? await createPaymentBody({
          partnerToken,
          applicationId,
          locationId,
          amount,
          paymentId: Math.floor(Date.now() / 1000),
        })
      : createLifecycleBody({ partnerToken, applicationId, locationId, event });
  io.out(`→ POST ${redactText(to)} ${event} for location ${locationId}`);
  let response: Response;
  try {
    response = await fetch(to, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new RunError(`cannot reach ${redactText(to)} (${reason}): is your backend running?`);
  }
  const text = await response.text();
  io.out(`← ${response.status} ${response.statusText}`);
  if (text !== '')
    io.out(
      redactText(text.length > 2000 ? `${text.slice(0, 2000)}…` : text).replaceAll(
        partnerToken,
        '[REDACTED]',
      ),
    );
  return response.ok ? 0 : 1;
}

/** `redirect`: prints a signed registration redirect URL. */
export async function redirectCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse('redirect', argv, {
    help,
    'registration-url': str,
    location: { type: 'string', multiple: true },
    chain: str,
    user: str,
    'partner-token': str,
  });
  if (values.help) return usage(io, 'redirect');
  noPositionals('redirect', positionals);
  const registrationUrl = required(
    httpUrl(values['registration-url'], '--registration-url'),
    'redirect: --registration-url URL is required.',
  );
  const locationIds = (values.location ?? []).map((value) => positiveInt(value, '--location') as number);
  if (locationIds.length === 0) throw new UsageError('redirect: at least one --location N is required.');
  const chainId = positiveInt(values.chain, '--chain');
  let user: Record<string, unknown> | undefined;
  if (values.user !== undefined) {
    try {
      user = JSON.parse(values.user) as Record<string, unknown>;
    } catch {
      throw new UsageError(
        `--user must be a JSON object such as '{"user_id":501,"name":"Ann Lee"}', got ${values.user}.`,
      );
    }
    if (typeof user !== 'object' || user === null || Array.isArray(user))
      throw new UsageError(`--user must be a JSON object, got ${values.user}.`);
  }
  const partnerToken = values['partner-token'] ?? (io.env.ALTEGIO_PARTNER_TOKEN || undefined);
  if (user !== undefined && partnerToken === undefined)
    throw new UsageError(
      'redirect: --user is signed with your partner token: pass --partner-token or set ALTEGIO_PARTNER_TOKEN.',
    );
  const url = await buildConnectRedirectUrl(registrationUrl, {
    locationIds,
    ...(chainId === undefined ? {} : { chainId, crmToken: crypto.randomUUID() }),
    ...(user === undefined ? {} : { user: JSON.stringify(user) }),
    ...(partnerToken === undefined ? {} : { partnerToken }),
  });
  io.out(url);
  return 0;
}

/** `rehearse`: the five checks. */
export async function rehearseCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse('rehearse', argv, {
    help,
    'registration-url': str,
    'callback-url': str,
    start: str,
    port: str,
    'on-payment': str,
    'on-refund': str,
    timeout: str,
    json: str,
    'partner-token': str,
    'application-id': str,
  });
  if (values.help) return usage(io, 'rehearse');
  noPositionals('rehearse', positionals);
  const registrationUrl = required(
    httpUrl(values['registration-url'], '--registration-url'),
    'rehearse: --registration-url URL (your "Registration redirect url") is required.',
  );
  const callbackUrl = required(
    httpUrl(values['callback-url'], '--callback-url'),
    'rehearse: --callback-url URL (your "Callback url") is required.',
  );
  const fakePort = port(values.port) ?? 0;
  const timeout = seconds(values.timeout, '--timeout') ?? 60;
  for (const name of ['start', 'on-payment', 'on-refund'] as const) {
    if (values[name] !== undefined && values[name].trim() === '')
      throw new UsageError(`--${name} needs a command.`);
  }
  const start = values.start;
  const { partnerToken, applicationId } = credentials(values, io.env, start !== undefined);
  if (partnerToken === undefined)
    throw new UsageError(
      'rehearse: without --start, pass the partner token your backend runs with (--partner-token or ALTEGIO_PARTNER_TOKEN).',
    );
  if (start === undefined && fakePort === 0)
    throw new UsageError(
      'rehearse: without --start, pass --port N: the port your backend was pointed at (ALTEGIO_APP_BASE_URL of `fake --port N`).',
    );
  const host = await startFakeHost({
    port: fakePort,
    partnerToken,
    applicationId: applicationId ?? 4242,
    userToken: io.env.ALTEGIO_USER_TOKEN || 'fake-user-token',
    callbackUrl,
    registrationUrl,
  });
  try {
    io.out(`Altegio's five moderation checks against ${registrationUrl}`);
    io.out(`Fake Altegio on ${host.url}; watch it at ${host.consoleUrl}\n`);
    const report = await rehearse({
      host,
      registrationUrl,
      callbackUrl,
      start,
      onPayment: values['on-payment'],
      onRefund: values['on-refund'],
      timeout,
      json: values.json,
      env: io.env,
      print: io.out,
    });
    return report.ok ? 0 : 1;
  } finally {
    await host.close();
  }
}
