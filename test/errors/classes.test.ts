import { readdirSync, readFileSync } from 'node:fs';
import * as root from 'altegio-marketplace';
import { describe, expect, it } from 'vitest';

// Every class under src/errors/ must be exported from the root entry and named in AltegioErrorClasses,
// so `isAltegioError(error, name)` accepts its name and narrows to it.
const dir = new URL('../../src/errors/', import.meta.url);
const classes = readdirSync(dir)
  .map((file) => /export class (\w+) extends/.exec(readFileSync(new URL(file, dir), 'utf8'))?.[1])
  .filter((name): name is string => name !== undefined);
const registry = readFileSync(new URL('altegio-error.ts', dir), 'utf8');

describe('error classes', () => {
  it('finds the classes', () => expect(classes.length).toBeGreaterThan(15));
  it.each(classes)('%s is exported from the root entry and named in AltegioErrorClasses', (name) => {
    expect(typeof (root as Record<string, unknown>)[name]).toBe('function');
    expect(registry).toMatch(new RegExp(`^  ${name}: ${name};$`, 'm'));
  });
});
