// What every check works with (the fake, the user, the vendor's hooks), and the steps checks share.
import type { FakeAltegio } from '../../testing/index';
import { runHook } from '../backend';
import type { Visit } from '../browser';
import type { FakeHost, HostUser } from '../fake-host';
import { sawDuring, showRecord, waitFor } from '../observe';
import type { Check } from './check';

/** The location the checks connect first. */
export const L1 = 1001;
/** A second location of the same chain (check 5). */
export const L2 = 1002;

/** What the checks of one rehearsal share. */
export interface Rehearsal {
  /** The running fake and console. */
  readonly host: FakeHost;
  /** `host.fake`. */
  readonly fake: FakeAltegio;
  /** The Altegio user who connects, the same in every check. */
  readonly user: HostUser;
  /** The backend's callback URL. */
  readonly callbackUrl: string;
  /** Seconds to wait for a payment or refund. */
  readonly timeout: number;
  /** Shell command that bills a location. @default none: wait for a manual bill */
  readonly onPayment: string | undefined;
  /** Shell command that refunds a payment. @default none: wait for a manual refund */
  readonly onRefund: string | undefined;
  /** Environment of the hooks: the fake's, the backend's origin and the location. */
  readonly hookEnv: Record<string, string>;
  /** Prints a line of the checklist, scrubbed. */
  readonly print: (text: string) => void;
  /** The payment check 2 saw, which check 3 refunds. */
  paymentId: number | undefined;
}

/** One of the five checks: its title in Altegio's words, its guide anchor, and its steps. */
export interface CheckSpec {
  /** Altegio's title. */
  readonly title: string;
  /** The anchor of its section in the guide. */
  readonly anchor: string;
  /** Runs the steps; a failed `require` ends them. */
  readonly run: (rehearsal: Rehearsal, check: Check) => Promise<void>;
}

const isCallback = (r: { path: string }) => r.path.startsWith('/marketplace/partner/callback');

/** Activation callbacks for `locationId` the backend sent since request number `since`. */
export function activations(r: Rehearsal, locationId: number, since = 0) {
  return r.fake.requests
    .slice(since)
    .filter(
      (record) =>
        isCallback(record) &&
        typeof record.body === 'object' &&
        record.body !== null &&
        (record.body as { salon_id?: unknown }).salon_id === locationId,
    );
}

/** Expects the browser's visit of the registration page to end well. */
export function expectPage(check: Check, page: Visit, expected = 'the registration page ends'): void {
  check.expect(
    page.ok,
    `${expected} in a 2xx page or a redirect back to Altegio`,
    () => `the browser got ${page.summary}`,
  );
}

/** Expects `locationId` to turn active (the backend sent the activation callback). */
export async function expectConnected(
  r: Rehearsal,
  check: Check,
  locationId: number,
  since: number,
  again = '',
): Promise<void> {
  const active = await waitFor(() => r.fake.installation(locationId)?.status === 'active', 1500);
  check.expect(
    active,
    `location ${locationId} is active${again} in Altegio (the backend sent the activation callback)`,
    () =>
      `status ${r.fake.installation(locationId)?.status ?? 'unknown'}; activation requests: ${sawDuring(r.host, since, isCallback)}`,
  );
}

/** Expects the user's chain telephony to turn `on` (or off). */
export async function expectTelephony(
  r: Rehearsal,
  check: Check,
  on: boolean,
  since: number,
  expected: string,
): Promise<void> {
  const { crmToken } = r.user;
  const ok = await waitFor(() => r.fake.telephony(crmToken)?.enabled === on, 1500);
  check.expect(
    ok,
    expected,
    () =>
      `telephony is ${r.fake.telephony(crmToken)?.enabled ? 'on' : 'off'}; /voip/integration requests: ${sawDuring(r.host, since, (x) => x.path === '/voip/integration')}`,
  );
}

/**
 * Has the backend report a payment or refund: runs the hook when there is one, else asks the user to
 * do it by hand. Resolves to whether `done` held within the timeout.
 */
export async function awaitMoney(
  r: Rehearsal,
  check: Check,
  what: 'payment' | 'refund',
  env: Record<string, string>,
  done: () => boolean,
): Promise<boolean> {
  const hook = what === 'payment' ? r.onPayment : r.onRefund;
  if (hook !== undefined) {
    const code = await runHook(check, hook, env);
    check.expect(code === 0, `the ${what} hook exits 0`, () => `exit code ${code}`);
  } else {
    const wait = `Waiting up to ${r.timeout} s: make your backend report the ${what} for location ${L1} now (or pass --on-${what} "<command>").`;
    r.print(wait);
    check.note(wait);
  }
  return waitFor(done, r.timeout * 1000);
}

/** Notes each request the backend sent since request number `since`. */
export function noteSent(r: Rehearsal, check: Check, since: number): void {
  for (const record of r.fake.requests.slice(since)) check.note(`backend → Altegio ${showRecord(record)}`);
}
