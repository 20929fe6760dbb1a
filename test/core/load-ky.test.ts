import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionError } from 'altegio-marketplace';
import { loadKy } from '../../src/core/load-ky';
import { platforms } from '../../src/core/platform';
import { createTransport } from '../../src/core/transport';
import { APP, PARTNER_TOKEN, useMswServer } from '../helpers';

vi.mock('../../src/core/load-ky', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/load-ky')>();
  return { loadKy: vi.fn(real.loadKy) };
});

const server = useMswServer();

describe('loading ky', () => {
  it('loads ky once, on the first request; a failed load sends nothing and is tried again', async () => {
    const load = vi.mocked(loadKy);
    const transport = createTransport({
      partnerToken: PARTNER_TOKEN,
      userToken: undefined,
      platform: platforms.altegio,
      timeout: 2000,
      retry: { limit: 0, initialDelay: 1, maxDelay: 1, maxRetryAfter: 1 },
      limiter: null,
      fetch: undefined,
      logger: undefined,
    });
    expect(load).not.toHaveBeenCalled();
    let sent = 0;
    server.use(
      http.post(`${APP}/marketplace/partner/payment`, () => {
        sent++;
        return HttpResponse.json({ success: true, data: null });
      }),
    );
    const spec = { method: 'POST', host: 'app', path: '/marketplace/partner/payment', body: {} } as const;
    load.mockRejectedValueOnce(
      Object.assign(new Error('Cannot find package ky'), { code: 'ERR_MODULE_NOT_FOUND' }),
    );
    // A write that never left the machine is a ConnectionError, not "outcome unknown".
    await expect(transport.request(spec)).rejects.toBeInstanceOf(ConnectionError);
    expect(sent).toBe(0);
    await transport.request(spec);
    await transport.request(spec);
    expect(sent).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
