// One moderation check while it runs (its transcript and failed assertions), and its outcome.

/** Where the checks are explained. */
export const GUIDE = 'docs/rehearse-moderation.md';

/** Outcome of one check. */
export interface CheckResult {
  /** 1-5. */
  number: number;
  title: string;
  outcome: 'passed' | 'failed';
  /** Transcript: what was sent and received, and each assertion (`✓`/`✗`). */
  lines: string[];
  /** Failed assertions: what was expected and what the fake saw. */
  failures: { expected: string; saw: string }[];
  /** The guide section that explains the check. */
  guide: string;
}

/** Thrown by {@link Check.require}: the check stops, its failure is already recorded. */
export class CheckFailed extends Error {}

/** The transcript and failed assertions of a running check. */
export class Check {
  readonly lines: string[] = [];
  readonly failures: { expected: string; saw: string }[] = [];

  /** Adds a line to the transcript. */
  note(line: string): void {
    this.lines.push(line);
  }

  /** Records an assertion; a failed one is reported but later ones still run. */
  expect(condition: boolean, expected: string, saw: () => string): boolean {
    if (condition) {
      this.lines.push(`✓ ${expected}`);
      return true;
    }
    const seen = saw();
    this.lines.push(`✗ ${expected}`, `    the fake saw: ${seen}`);
    this.failures.push({ expected, saw: seen });
    return false;
  }

  /**
   * Like `expect`, but stops the check: later steps make no sense without this one.
   * @throws {CheckFailed} when `condition` is false.
   */
  require(condition: boolean, expected: string, saw: () => string): void {
    if (!this.expect(condition, expected, saw)) throw new CheckFailed(expected);
  }
}

/**
 * Formats one check for the terminal.
 * @example
 * ```ts
 * print(formatCheck(result));
 * ```
 */
export function formatCheck(check: CheckResult): string {
  const lines = [
    `${check.outcome === 'passed' ? '✓' : '✗'} ${check.number}. ${check.title}`,
    ...check.lines.map((line) => `    ${line}`),
  ];
  if (check.outcome === 'failed') lines.push(`    see ${GUIDE}#${check.guide.split('#')[1]}`);
  return lines.join('\n');
}
