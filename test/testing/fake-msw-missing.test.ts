// `fake.handlers` without msw installed: a ConfigurationError that says to install msw. msw is a dev
// dependency here, so the loader is made to fail as it does in a project without it.
import { ConfigurationError } from 'altegio-marketplace';
import { createFakeAltegio } from 'altegio-marketplace/testing';
import { describe, expect, it, vi } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN } from '../helpers';

vi.mock('node:module', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:module')>();
  const createRequire = (from: string | URL) => {
    const real = original.createRequire(from);
    return Object.assign((id: string) => {
      if (id === 'msw')
        throw Object.assign(new Error("Cannot find module 'msw'"), { code: 'MODULE_NOT_FOUND' });
      return real(id);
    }, real);
  };
  return { ...original, default: { ...original, createRequire }, createRequire };
});

describe('fake.handlers without msw', () => {
  it('throws a ConfigurationError that says to install msw, or to use listen()', async () => {
    const fake = createFakeAltegio({ partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID });
    let thrown: unknown;
    try {
      void fake.handlers;
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).option).toBe('msw');
    expect((thrown as ConfigurationError).message).toContain('npm i -D msw');
    expect((thrown as ConfigurationError).message).toContain('fake.listen()');
    expect((thrown as Error).cause).toMatchObject({ code: 'MODULE_NOT_FOUND' });
    // The loopback server needs no msw.
    const server = await fake.listen();
    const answer = await fetch(`${server.appBaseUrl}/marketplace/partner/payment`, { method: 'POST' });
    expect(answer.status).toBe(401);
    await server.close();
  });
});
