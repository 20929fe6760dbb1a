import { describe, expect, it, vi } from 'vitest';
import { loadOnce } from '../../src/core/load-once';
import { loadSchemas } from '../../src/load-schemas';

describe('loadOnce (the lazy loads of ky and of the schema chunk)', () => {
  it('runs the load on the first call only, and shares its promise with concurrent and later calls', async () => {
    const load = vi.fn(async () => ({ loaded: true }));
    const get = loadOnce(load);
    expect(load).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([get(), get()]);
    expect(await get()).toBe(a);
    expect(b).toBe(a);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed load: the next call loads again', async () => {
    const load = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(Object.assign(new Error('Cannot find module'), { code: 'ERR_MODULE_NOT_FOUND' }))
      .mockResolvedValue('module');
    const get = loadOnce(load);
    await expect(get()).rejects.toThrow('Cannot find module');
    expect(await get()).toBe('module');
    expect(await get()).toBe('module');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('loadSchemas gives the same schema module to every call', async () => {
    const first = await loadSchemas();
    expect(await loadSchemas()).toBe(first);
    expect(typeof first.parseInput).toBe('function');
    expect(typeof first.readAnswer).toBe('function');
  });
});
