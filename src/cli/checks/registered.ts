// Check 5: a user who already has an account connects another location, then opens the link again.
import { visit } from '../browser';
import { sawDuring } from '../observe';
import type { Check } from './check';
import { activations, type CheckSpec, expectConnected, expectPage, L2, type Rehearsal } from './context';

async function run(r: Rehearsal, check: Check): Promise<void> {
  check.note(`Altegio: the same user connects another location ${L2} of the chain`);
  const since = r.fake.requests.length;
  const url = await r.host.grant([L2], r.user);
  const page = await visit(r.host, check, url);
  expectPage(check, page);
  await expectConnected(r, check, L2, since);
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
  const before = r.fake.requests.length;
  const reload = await visit(r.host, check, url);
  expectPage(check, reload, 'the reloaded page still ends');
  check.expect(
    activations(r, L2, before).length === 0,
    `no second activation was sent for the active location ${L2}`,
    () => sawDuring(r.host, before, (x) => x.path.startsWith('/marketplace/partner/callback')),
  );
}

/** Check 5: the existing account is recognised, and a reload sends no second activation. */
export const registeredCheck: CheckSpec = {
  title: 'Correct connection when the user is already registered',
  anchor: 'check-5-an-already-registered-user',
  run,
};
