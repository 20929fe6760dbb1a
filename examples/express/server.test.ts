import { createLifecycleBody } from 'altegio-marketplace/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN } from '../../test/helpers';
import {
  exerciseExample,
  expectRefusalWithoutPublicUrl,
  startExample,
} from '../../test/node/example-harness';
import { describeRedis, type RedisServer, startRedisServer } from '../../test/redis-server';

it('the Express example connects a location and answers webhooks over real HTTP', async () => {
  await exerciseExample('express');
});

it('the Express example refuses to start without PUBLIC_URL (never builds webhook URLs from Host)', async () => {
  await expectRefusalWithoutPublicUrl('express');
});

describeRedis('the Express example with REDIS_URL', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  it('stores webhooks in the Redis inbox, answers 200, and its worker runs the callback', async () => {
    const example = await startExample('express', {
      ALTEGIO_PARTNER_TOKEN: PARTNER_TOKEN,
      ALTEGIO_APPLICATION_ID: String(APPLICATION_ID),
      WEBHOOK_SECRET: 'example-webhook-secret-0123456789',
      PUBLIC_URL: 'https://vendor.example',
      REDIS_URL: redis.url,
    });
    try {
      await example.printed('webhooks: inbox mode (Redis)');
      const body = createLifecycleBody({
        partnerToken: PARTNER_TOKEN,
        applicationId: APPLICATION_ID,
        locationId: 55,
        event: 'uninstall',
      });
      const response = await fetch(`${example.url}/altegio/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(200);
      await example.printed('uninstall location 55');
    } finally {
      await example.stop();
    }
  });
});
