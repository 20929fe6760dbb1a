import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/configuration-error';
import { createMemoryStore } from '../../src/store/memory';
import { storeBattery } from './battery';
import { ledgerSuite } from './ledger-suite';

describe('createMemoryStore: conformance battery', () => {
  const store = createMemoryStore();
  storeBattery(() => store);
});

describe('createMemoryStore options', () => {
  it('refuses bad options with a ConfigurationError naming the option', () => {
    expect(() => createMemoryStore({ maxKeys: 0 })).toThrow(ConfigurationError);
    expect(() => createMemoryStore({ maxKeys: 1.5 })).toThrow(/maxKeys/);
    expect(() => createMemoryStore({ now: 5 as never })).toThrow(/now/);
    expect(() => createMemoryStore(null as never)).toThrow(ConfigurationError);
  });

  it('keeps at most maxKeys keys, dropping the oldest', async () => {
    const store = createMemoryStore({ maxKeys: 2 });
    await store.setIfAbsent('a', '1', 10_000);
    await store.setIfAbsent('b', '2', 10_000);
    await store.setIfAbsent('c', '3', 10_000);
    expect(await store.get('a')).toBeNull();
    expect(await store.get('c')).toBe('3');
  });
});

describe('payment ledger on the memory store', () => {
  const shared = createMemoryStore();
  ledgerSuite(() => shared);
});
