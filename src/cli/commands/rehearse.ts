// `rehearse`: the fake Altegio and Altegio's five moderation checks against the vendor's backend.
import { httpUrl, noPositionals, parse, port, required, seconds, UsageError } from '../args';
import { rehearse } from '../rehearse';
import { credentials, help, type Io, startHost, str, usage } from './shared';

/**
 * `rehearse`: runs the five checks against the backend; exit 0 when all pass, 1 otherwise.
 * @throws {UsageError} on a bad option. @throws {RunError} when the backend cannot be reached.
 */
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
  const host = await startHost(io, {
    port: fakePort,
    partnerToken,
    applicationId,
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
