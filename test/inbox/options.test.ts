// Missing or malformed options of the redis entry and signWebhookUrl: a ConfigurationError naming the
// option, never a raw TypeError.
import { createRedisStore, createWebhookInbox, createWebhookWorker } from 'altegio-marketplace/redis';
import { ConfigurationError, signWebhookUrl } from 'altegio-marketplace/webhooks';
import { describe, expect, it } from 'vitest';

const SECRET = 'webhook-secret-0123456789abcdef';

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

async function expectNamed(run: () => unknown, option: string) {
  const error = await caught(run);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as ConfigurationError).option).toBe(option);
}

describe('missing options are a ConfigurationError naming the option', () => {
  it.each([undefined, null, 'redis://localhost'])('createWebhookInbox(%o)', async (options) => {
    await expectNamed(() => createWebhookInbox(options as never), 'connection');
  });

  it.each([undefined, null, {}, { inbox: {} }])('createWebhookWorker(%o)', async (options) => {
    await expectNamed(() => createWebhookWorker(options as never), 'inbox');
  });

  it.each([undefined, null, {}])('createRedisStore(%o)', async (options) => {
    const error = await caught(() => createRedisStore(options as never));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(['options', 'client']).toContain((error as ConfigurationError).option);
  });

  it.each(['notaurl', '/relative/path', 'ftp://vendor.example/hooks', '', 42])(
    'signWebhookUrl(%o) names baseUrl',
    async (baseUrl) => {
      await expectNamed(() => signWebhookUrl(baseUrl as never, { locationId: 1, secret: SECRET }), 'baseUrl');
    },
  );

  it('signWebhookUrl without options names secret', async () => {
    await expectNamed(() => signWebhookUrl('https://vendor.example/h', undefined as never), 'secret');
  });

  it('signWebhookUrl still signs an http(s) URL and keeps its query', async () => {
    const signed = new URL(
      await signWebhookUrl('https://vendor.example/h?x=1', { locationId: 7, secret: SECRET }),
    );
    expect(signed.searchParams.get('x')).toBe('1');
    expect(signed.searchParams.get('altegio_location')).toBe('7');
    expect(signed.searchParams.get('altegio_token')).toMatch(/^[0-9a-f]{64}$/);
  });
});
