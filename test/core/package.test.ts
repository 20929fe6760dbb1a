import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

// Node's own resolver (not vitest's aliases): these load the built dist/ through the exports map.
const require = createRequire(import.meta.url);

it('shares one copy of each error class between the CJS entries', async () => {
  const root = require('altegio-marketplace') as typeof import('altegio-marketplace');
  const webhooks = require('altegio-marketplace/webhooks') as typeof import('altegio-marketplace/webhooks');
  const error = await webhooks
    .verifyLifecycleEvent('{}', { partnerToken: 'partner-token-0123456789', applicationId: 1 })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(root.WebhookVerificationError);
  expect(error).toBeInstanceOf(root.AltegioError);
  expect(root.isAltegioError(error)).toBe(true);
});

it('loads every entry with require()', () => {
  for (const entry of ['', '/webhooks', '/node', '/testing']) {
    expect(Object.keys(require(`altegio-marketplace${entry}`)).length).toBeGreaterThan(0);
  }
});
