// `trigger`: one signed lifecycle webhook to the vendor's callback URL.
import { createLifecycleBody, createPaymentBody } from '../../testing/index';
import { httpUrl, noPositionals, parse, positiveInt, RunError, required, UsageError } from '../args';
import { failureReason } from '../observe';
import { redactText } from '../redact';
import { credentials, help, type Io, str, usage } from './shared';

type Event = 'uninstall' | 'freeze' | 'payment';

/** What `trigger` sends, from its options. */
interface Trigger {
  event: Event;
  to: string;
  locationId: number;
  partnerToken: string;
  applicationId: number;
  amount: string;
}

function parseTrigger(argv: readonly string[], io: Io): Trigger | undefined {
  const { values, positionals } = parse('trigger', argv, {
    help,
    to: str,
    location: str,
    amount: str,
    'partner-token': str,
    'application-id': str,
  });
  if (values.help) return undefined;
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
  return { event, to, locationId, partnerToken, applicationId, amount };
}

function bodyOf(t: Trigger): Promise<string> | string {
  const { partnerToken, applicationId, locationId } = t;
  return t.event === 'payment'
    ? createPaymentBody({
        partnerToken,
        applicationId,
        locationId,
        amount: t.amount,
        paymentId: Math.floor(Date.now() / 1000),
      })
    : createLifecycleBody({ partnerToken, applicationId, locationId, event: t.event });
}

/**
 * `trigger`: sends one lifecycle webhook and prints the answer; exit 0 on a 2xx answer, 1 otherwise.
 * @throws {UsageError} on a bad option. @throws {RunError} when the callback URL does not answer.
 */
export async function triggerCommand(argv: readonly string[], io: Io): Promise<number> {
  const t = parseTrigger(argv, io);
  if (t === undefined) return usage(io, 'trigger');
  const body = await bodyOf(t);
  io.out(`→ POST ${redactText(t.to)} ${t.event} for location ${t.locationId}`);
  let response: Response;
  try {
    response = await fetch(t.to, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      // Never followed: a 307/308 would resend the body, partner token included, to another host.
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new RunError(
      `cannot reach ${redactText(t.to)} (${failureReason(error)}): is your backend running?`,
    );
  }
  const text = await response.text();
  io.out(`← ${response.status} ${response.statusText}`);
  if (text !== '')
    io.out(
      redactText(text.length > 2000 ? `${text.slice(0, 2000)}…` : text).replaceAll(
        t.partnerToken,
        '[REDACTED]',
      ),
    );
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    let host = 'nowhere';
    try {
      if (location) host = new URL(location, t.to).host;
    } catch {
      host = 'an unreadable Location';
    }
    io.out(
      `(a redirect to ${redactText(host)}, not followed: the callback URL must answer the webhook itself)`,
    );
  }
  return response.ok ? 0 : 1;
}
