// `fake`: the fake Altegio and its console, until Ctrl-C.
import { httpUrl, noPositionals, parse, port } from '../args';
import type { FakeHost } from '../fake-host';
import { credentials, help, type Io, startHost, str, usage } from './shared';

/**
 * Prints the environment for the backend. A partner token the fake made is printed; one the user gave
 * (`--partner-token`, `$ALTEGIO_PARTNER_TOKEN`) is not: it may be their real one, and secrets never reach
 * a terminal or a log. Its line becomes a comment naming where it came from.
 */
function printEnv(
  io: Io,
  host: FakeHost,
  tokenFrom: 'generated' | '--partner-token' | '$ALTEGIO_PARTNER_TOKEN',
): void {
  io.out(`Fake Altegio on ${host.url}`);
  io.out(`Console: ${host.consoleUrl}`);
  io.out('');
  io.out(
    `Start your backend with this environment${tokenFrom === 'generated' ? ' (the partner token is new: pass --partner-token to keep one)' : ''}:`,
  );
  for (const [name, value] of Object.entries(host.env)) {
    if (name === 'ALTEGIO_PARTNER_TOKEN' && tokenFrom !== 'generated') {
      io.out(`# ALTEGIO_PARTNER_TOKEN: the token you passed as ${tokenFrom} (not printed)`);
    } else {
      io.out(`${name}=${value}`);
    }
  }
  io.out('');
}

/**
 * `fake`: starts the fake and its console, prints the env for the backend, and runs until Ctrl-C.
 * @throws {UsageError} on a bad option. @throws {RunError} when the port is taken.
 */
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
  const { partnerToken, partnerTokenFrom, applicationId } = credentials(values, io.env, true);
  const host = await startHost(io, {
    port: fakePort,
    partnerToken: partnerToken as string,
    applicationId,
    callbackUrl,
    registrationUrl,
  });
  printEnv(io, host, partnerTokenFrom ?? 'generated');
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
