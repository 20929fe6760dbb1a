import { it } from 'vitest';
import { exerciseExample } from '../../test/node/example-harness';

it('the Express example connects a location and answers webhooks over real HTTP', async () => {
  await exerciseExample('express');
});
