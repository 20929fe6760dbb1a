import { it } from 'vitest';
import { exerciseExample, expectRefusalWithoutPublicUrl } from '../../test/node/example-harness';

it('the Fastify example connects a location and answers webhooks over real HTTP', async () => {
  await exerciseExample('fastify');
});

it('the Fastify example refuses to start without PUBLIC_URL (never builds webhook URLs from Host)', async () => {
  await expectRefusalWithoutPublicUrl('fastify');
});
