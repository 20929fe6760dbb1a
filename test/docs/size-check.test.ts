import { describe, expect, it } from 'vitest';
import { checkSizes, type EntrySize } from '../../bench/size';

const entry = (name: string, gzipped: number, extra: Partial<EntrySize> = {}): EntrySize => ({
  entry: name,
  file: `dist/${name}.js`,
  minified: gzipped * 3,
  gzipped,
  packages: [],
  builtins: [],
  ...extra,
});

const sizes = [
  entry('index', 48_000, { packages: ['ky', 'zod'] }),
  entry('webhooks', 11_000, { packages: ['zod'] }),
  entry('node', 900),
  entry('testing', 38_000, { packages: ['zod'], builtins: ['http'] }),
];
const budgets = { index: 53_000, webhooks: 12_600, node: 1_000, testing: 42_000 };

describe('npm run size (bench/size.ts --check)', () => {
  it('passes when every entry is within budget and webhooks is the smallest but node', () => {
    expect(checkSizes(sizes, budgets)).toEqual([]);
  });

  it('fails an entry over its budget, naming it and both numbers', () => {
    const problems = checkSizes(sizes, { ...budgets, index: 47_999 });
    expect(problems).toEqual(['index: 48000 B min+gz is over its budget of 47999 B']);
  });

  it('fails an entry without a budget', () => {
    const { testing: _, ...withoutTesting } = budgets;
    expect(checkSizes(sizes, withoutTesting)).toEqual(['testing: no budget in bench/budgets.json']);
  });

  it('fails when webhooks bundles ky or imports a Node built-in', () => {
    const heavy = sizes.map((s) =>
      s.entry === 'webhooks' ? { ...s, packages: ['ky', 'zod'], builtins: ['node:crypto'] } : s,
    );
    const problems = checkSizes(heavy, budgets);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/webhooks: bundles ky/);
    expect(problems[1]).toMatch(/webhooks: imports node:crypto/);
  });

  it('fails when webhooks is not smaller than another entry, but exempts the node adapter', () => {
    const bigger = sizes.map((s) => (s.entry === 'webhooks' ? { ...s, gzipped: 40_000 } : s));
    const problems = checkSizes(bigger, { ...budgets, webhooks: 50_000 });
    expect(problems).toEqual(['webhooks (40000 B) is not smaller than testing (38000 B)']);
  });
});
