/** One line of the `npm run bench` table. */
export interface BenchRow {
  /** What was measured, e.g. "lifecycle verify+parse". */
  name: string;
  /** The measured value with its unit, e.g. "412,000 ops/s". */
  value: string;
  /** The baseline measured in the same run, with its unit, when there is one. */
  baseline?: string;
  /** value / baseline (or achieved / limit), when meaningful. */
  ratio?: number;
  /** The target, e.g. ">= 0.6x"; `pass` says whether it was met. */
  target?: string;
  pass?: boolean;
}

/** Every bench module exports `run()`; `bench/run.ts` prints all rows as one table. */
export type BenchModule = { run(): Promise<BenchRow[]> };
