// Check 1: a new user connects a location.
import { visit } from '../browser';
import type { Check } from './check';
import { type CheckSpec, expectConnected, expectPage, expectTelephony, L1, type Rehearsal } from './context';

async function run(r: Rehearsal, check: Check): Promise<void> {
  const { user } = r;
  check.note(
    `Altegio: user ${user.userId} clicks Connect for location ${L1} (chain ${user.chainId}) and grants access`,
  );
  const since = r.fake.requests.length;
  const page = await visit(r.host, check, await r.host.grant([L1], user));
  expectPage(check, page);
  await expectConnected(r, check, L1, since);
  await expectTelephony(
    r,
    check,
    true,
    since,
    'telephony is enabled for the chain (setup/enable with its crm_token)',
  );
  const hooks = r.fake.installation(L1)?.webhookUrls.length ?? 0;
  check.note(
    hooks > 0
      ? `(entity webhook URLs registered at activation: ${hooks})`
      : '(no entity webhook URLs registered at activation)',
  );
}

/** Check 1: the registration page activates the location and enables telephony for the chain. */
export const connectCheck: CheckSpec = {
  title: "Correct connection to the client's location",
  anchor: 'check-1-connect-a-new-user',
  run,
};
