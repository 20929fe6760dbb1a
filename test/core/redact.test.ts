import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../../src/core/redact';

describe('createRedactor', () => {
  it('redacts long secrets anywhere in text, keys and values', () => {
    const redact = createRedactor(['abcd-5f2b9c1e7a']);
    expect(redact({ message: 'bad token abcd-5f2b9c1e7a!', 'abcd-5f2b9c1e7a': 1 })).toEqual({
      message: `bad token ${REDACTED}!`,
      [REDACTED]: 1,
    });
  });

  it('redacts a short secret (1-3 characters) where it stands alone, without shredding other text', () => {
    const redact = createRedactor(['ab7', 'x']);
    expect(redact('login ab7 is locked')).toBe(`login ${REDACTED} is locked`);
    expect(redact('"ab7"')).toBe(`"${REDACTED}"`);
    expect(redact({ who: 'ab7', where: 'x' })).toEqual({ who: REDACTED, where: REDACTED });
    // Inside a word it is ordinary text.
    expect(redact('tab7 extra box')).toBe('tab7 extra box');
  });

  it('redacts a numeric secret given as a number value', () => {
    const redact = createRedactor([123, 98765432]);
    expect(redact({ api: 123, other: 98765432, fine: 124 })).toEqual({
      api: REDACTED,
      other: REDACTED,
      fine: 124,
    });
    expect(redact('key 123 refused; key 98765432 too')).toBe(`key ${REDACTED} refused; key ${REDACTED} too`);
  });

  it('escapes a short secret that looks like a pattern', () => {
    const redact = createRedactor(['.*']);
    expect(redact('a .* b')).toBe(`a ${REDACTED} b`);
    expect(redact('abc')).toBe('abc');
  });
});
