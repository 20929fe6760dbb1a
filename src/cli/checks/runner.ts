// Runs one check: its state on the console, its transcript scrubbed, its result printed.
import { Check, CheckFailed, type CheckResult, formatCheck, GUIDE } from './check';
import type { CheckSpec, Rehearsal } from './context';

/**
 * Runs check number `index + 1`. An unexpected error is a failed assertion of the check, not a crash;
 * the fake settles (`idle`) before the result is taken.
 */
export async function runCheck(
  r: Rehearsal,
  index: number,
  spec: CheckSpec,
  scrub: (text: string) => string,
): Promise<CheckResult> {
  const entry = r.host.checks[index];
  if (entry) entry.state = 'running';
  r.host.changed();
  const check = new Check();
  try {
    await spec.run(r, check);
  } catch (error) {
    if (!(error instanceof CheckFailed))
      check.expect(false, 'the check ran to its end', () =>
        error instanceof Error ? error.message : String(error),
      );
  }
  await r.fake.idle();
  const result: CheckResult = {
    number: index + 1,
    title: spec.title,
    outcome: check.failures.length > 0 ? 'failed' : 'passed',
    lines: check.lines.map(scrub),
    failures: check.failures.map((f) => ({ expected: scrub(f.expected), saw: scrub(f.saw) })),
    guide: `${GUIDE}#${spec.anchor}`,
  };
  if (entry) entry.state = result.outcome;
  r.host.changed();
  r.print(`${formatCheck(result)}\n`);
  return result;
}
