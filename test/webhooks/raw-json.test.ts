import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topLevelNumberTexts } from '../../src/webhooks/raw-json';

describe('topLevelNumberTexts', () => {
  it('returns top-level number texts as written', () => {
    const text =
      '{ "salon_id" : 55 ,"amount":100.50, "discount" :\n1e2, "nested": {"amount": 1}, "s": "amount"}';
    expect(topLevelNumberTexts(text, ['amount', 'discount', 'salon_id'])).toEqual({
      amount: '100.50',
      discount: '1e2',
      salon_id: '55',
    });
  });

  it('ignores nested keys, strings and nulls; reads escaped keys; keeps the last duplicate like JSON.parse', () => {
    expect(topLevelNumberTexts('{"a":{"amount":1},"b":["amount",2]}', ['amount'])).toEqual({});
    expect(topLevelNumberTexts('{"amount":"100.50","discount":null}', ['amount', 'discount'])).toEqual({});
    expect(topLevelNumberTexts('{"\\u0061mount":7.10}', ['amount'])).toEqual({ amount: '7.10' });
    expect(topLevelNumberTexts('{"amount":1.0,"amount":2.50}', ['amount'])).toEqual({ amount: '2.50' });
    expect(topLevelNumberTexts('{"amount":1.0,"amount":null}', ['amount'])).toEqual({});
    expect(topLevelNumberTexts('{"x":"a\\"}","amount":3}', ['amount'])).toEqual({ amount: '3' });
  });

  it('agrees with JSON.parse on any object (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        (object, amount, pretty) => {
          const text = JSON.stringify({ ...object, amount }, null, pretty ? 2 : 0);
          const parsed = JSON.parse(text) as Record<string, unknown>;
          const found = topLevelNumberTexts(text, ['amount']);
          expect(Number(found.amount)).toBe(parsed.amount);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on text that is not an object', () => {
    for (const text of ['', '[]', '"amount"', '{', '{"amount"', '{"amount":', 'null']) {
      expect(topLevelNumberTexts(text, ['amount'])).toEqual({});
    }
  });
});
