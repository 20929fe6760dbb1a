// Check 4: the user disconnects the integration, then connects it again.
import { visit } from '../browser';
import { showUrl } from '../redact';
import type { Check } from './check';
import { type CheckSpec, expectConnected, expectPage, expectTelephony, L1, type Rehearsal } from './context';

async function disconnect(r: Rehearsal, check: Check): Promise<void> {
  check.note(`Altegio: the user clicks Disconnect for location ${L1}`);
  const since = r.fake.requests.length;
  const delivery = await r.host.disconnect(L1);
  check.note(
    `Altegio → backend POST ${showUrl(r.callbackUrl)} {"event":"uninstall","salon_id":${L1}} ← ${delivery.status ?? delivery.error}`,
  );
  check.expect(
    delivery.status !== undefined && delivery.status >= 200 && delivery.status < 300,
    'the callback URL answers the signed uninstall webhook with 2xx',
    () =>
      delivery.status === undefined ? `no answer (${delivery.error ?? 'failed'})` : `HTTP ${delivery.status}`,
  );
  await expectTelephony(
    r,
    check,
    false,
    since,
    'the backend turned telephony off for the chain (setup/disable)',
  );
}

async function run(r: Rehearsal, check: Check): Promise<void> {
  await disconnect(r, check);
  check.note(`Altegio: the user connects location ${L1} again`);
  const again = r.fake.requests.length;
  const page = await visit(r.host, check, await r.host.grant([L1], r.user));
  expectPage(check, page);
  await expectConnected(r, check, L1, again, ' again');
  await expectTelephony(r, check, true, again, 'telephony is enabled again');
}

/** Check 4: the uninstall webhook turns telephony off; connecting again turns it back on. */
export const reconnectCheck: CheckSpec = {
  title: 'Correct handling of disabling and reconnecting the integration',
  anchor: 'check-4-disable-then-reconnect',
  run,
};
