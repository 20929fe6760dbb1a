import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { looseObject, object } from '../../src/core/objects';
import { flag, idOutput, optional } from '../../src/core/wire';
import { installationSchema } from '../../src/marketplace/installation-schemas';

// The SDK's objects are zod/mini objects with zod's compiled parser: whatever the app's zod config, they
// must read every value exactly as z.object / z.looseObject do, and fail with the same issues.

const shape = () => ({
  id: idOutput,
  title: z.string(),
  active: z._default(flag, false),
  note: optional(z.string()),
  nested: z.optional(z.object({ n: z.number() })),
});

const inputs: unknown[] = [
  { id: 7, title: 'A' },
  { id: '12', title: 'B', active: 1, note: null, extra: { deep: true } },
  { id: 3, title: 'C', note: 5, nested: { n: 1, dropped: 2 } },
  { title: 'no id' },
  { id: 'x', title: 1, active: 'maybe', nested: { n: '1' } },
  { id: 1, title: 'proto', ['__proto__']: { polluted: true } },
  null,
  [],
  'text',
];

const outcome = (schema: z.core.$ZodType, input: unknown) => {
  const result = z.safeParse(schema, input);
  return result.success
    ? { data: result.data, keys: Object.keys(result.data as object) }
    : { issues: result.error.issues.map(({ path, code, message }) => ({ path, code, message })) };
};

describe('object and looseObject (compiled zod/mini objects)', () => {
  afterEach(() => {
    z.config({ jitless: false });
  });

  for (const jitless of [false, true]) {
    it(`read and reject like z.object and z.looseObject${jitless ? ' when the app sets jitless' : ''}`, () => {
      z.config({ jitless });
      for (const input of inputs) {
        expect(outcome(object(shape()), input)).toEqual(outcome(z.object(shape()), input));
        expect(outcome(looseObject(shape()), input)).toEqual(outcome(z.looseObject(shape()), input));
      }
    });
  }

  it('keep the zod/mini object API: shape, check, instanceof $ZodObject and ZodMiniObject', () => {
    const schema = object({ a: z.number() });
    expect(Object.keys(schema.shape)).toEqual(['a']);
    expect(schema).toBeInstanceOf(z.core.$ZodObject);
    expect(schema).toBeInstanceOf(z.ZodMiniObject);
    const positive = schema.check(z.refine((value) => value.a > 0, 'must be positive'));
    expect(z.safeParse(positive, { a: 1 }).success).toBe(true);
    expect(z.safeParse(positive, { a: -1 }).error?.issues[0]?.message).toBe('must be positive');
  });

  it('read a documented installation answer the same on every parse (the first one compiles)', () => {
    const answer = {
      connection_status: { status: 'active', created_at: '2022-06-27 12:20:02' },
      payments: [{ id: '1523', payment_sum: '1523.12', payment_date: '2022-06-27 12:22:02', is_refunded: 0 }],
      logs: [{ changed_at: '2022-06-27 12:20:02', status_to: 'pending', source: null }],
    };
    const first = z.safeParse(installationSchema, answer);
    const second = z.safeParse(installationSchema, answer);
    expect(first).toEqual(second);
    expect(first.data).toEqual({
      status: 'active',
      createdAt: '2022-06-27 12:20:02',
      payments: [
        {
          id: 1523,
          paymentSum: 1523.12,
          paymentDate: '2022-06-27 12:22:02',
          isRefunded: false,
          periodFrom: undefined,
          periodTo: undefined,
        },
      ],
      logs: [
        { changedAt: '2022-06-27 12:20:02', statusFrom: undefined, statusTo: 'pending', source: undefined },
      ],
    });
  });

  it('are the only objects the SDK builds: no source file calls z.object or z.looseObject itself', () => {
    const src = new URL('../../src/', import.meta.url);
    const direct = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && file !== 'core/objects.ts')
      // The fake is built on full zod, whose objects compile already.
      .filter((file) => !file.startsWith('testing/fake/'))
      .filter((file) =>
        /\bz\.(object|looseObject|strictObject)\b/.test(readFileSync(new URL(file, src), 'utf8')),
      );
    expect(direct).toEqual([]);
  });
});
